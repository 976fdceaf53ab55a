package dev.brew.gateway.web;

import io.netty.handler.codec.http.HttpRequest;
import io.netty.util.NetUtil;
import reactor.netty.http.server.ConnectionInfo;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;

/**
 * Who the client is, when the gateway sits behind proxies it trusts (the ingress): the peer of the connection unless
 * that peer is a trusted proxy, in which case {@code X-Forwarded-For} is read from the right, skipping trusted
 * proxies, and the first address that is not one is the client (Tomcat's RemoteIpValve does the same). Entries left
 * of it were written by the client and are never believed; a malformed entry stops the walk at the proxy's address.
 * Reactor Netty's own handler ({@code forward-headers-strategy: native}) takes the leftmost entry, which any client
 * can write, and trusts every peer.
 */
public final class ClientAddress {

    static final String X_FORWARDED_FOR = "X-Forwarded-For";

    private final List<Range> trustedProxies;

    /** @param trustedProxies addresses or CIDR ranges, e.g. {@code 10.0.0.0/8}; empty: no forwarded header is read */
    public ClientAddress(List<String> trustedProxies) {
        this.trustedProxies = trustedProxies.stream().map(String::strip).filter(s -> !s.isEmpty())
                .map(Range::parse).toList();
    }

    public boolean trustsAnyProxy() {
        return !trustedProxies.isEmpty();
    }

    /** For Reactor Netty's {@code HttpServer.forwarded(..)}: the connection as seen from the client's side. */
    public ConnectionInfo resolve(ConnectionInfo connection, HttpRequest request) {
        InetSocketAddress peer = connection.getRemoteAddress();
        InetAddress client = peer == null ? null : clientBehind(peer.getAddress(),
                request.headers().getAll(X_FORWARDED_FOR));
        return client == null || client.equals(peer.getAddress()) ? connection
                : connection.withRemoteAddress(new InetSocketAddress(client, peer.getPort()));
    }

    InetAddress clientBehind(InetAddress peer, List<String> forwardedFor) {
        if (peer == null || !trusted(peer)) {
            return peer;
        }
        List<String> hops = new ArrayList<>();
        for (String header : forwardedFor) {
            for (String hop : header.split(",")) {
                hops.add(hop.strip());
            }
        }
        InetAddress client = peer;
        for (int i = hops.size() - 1; i >= 0; i--) {
            InetAddress hop = literal(hops.get(i));
            if (hop == null) {
                return client;
            }
            client = hop;
            if (!trusted(hop)) {
                return hop;
            }
        }
        return client;
    }

    private boolean trusted(InetAddress address) {
        byte[] bytes = address.getAddress();
        return trustedProxies.stream().anyMatch(range -> range.contains(bytes));
    }

    /** An address range in CIDR notation ({@code 10.0.0.0/8}, {@code fc00::/7}), or one address. */
    record Range(byte[] network, int prefix) {

        static Range parse(String text) {
            int slash = text.indexOf('/');
            byte[] network = NetUtil.createByteArrayFromIpAddressString(slash < 0 ? text : text.substring(0, slash));
            if (network == null) {
                throw new IllegalArgumentException("Not an IP address or CIDR range: " + text);
            }
            int prefix = slash < 0 ? network.length * 8 : Integer.parseInt(text.substring(slash + 1));
            if (prefix < 0 || prefix > network.length * 8) {
                throw new IllegalArgumentException("Bad prefix length in " + text);
            }
            return new Range(network, prefix);
        }

        boolean contains(byte[] address) {
            if (address.length != network.length) {
                return false;
            }
            int whole = prefix / 8;
            for (int i = 0; i < whole; i++) {
                if (address[i] != network[i]) {
                    return false;
                }
            }
            int rest = prefix % 8;
            if (rest == 0) {
                return true;
            }
            int mask = (0xFF << (8 - rest)) & 0xFF;
            return (address[whole] & mask) == (network[whole] & mask);
        }
    }

    /** An IP literal (an IPv4 entry may carry a port, IPv6 one in brackets), never a name to look up. */
    static InetAddress literal(String entry) {
        String ip = entry;
        if (ip.startsWith("[")) {
            int end = ip.indexOf(']');
            ip = end < 0 ? "" : ip.substring(1, end);
        } else if (ip.indexOf(':') > 0 && ip.indexOf(':') == ip.lastIndexOf(':')) {
            ip = ip.substring(0, ip.indexOf(':'));
        }
        byte[] bytes = NetUtil.createByteArrayFromIpAddressString(ip);
        try {
            return bytes == null ? null : InetAddress.getByAddress(bytes);
        } catch (UnknownHostException e) {
            return null;
        }
    }
}
