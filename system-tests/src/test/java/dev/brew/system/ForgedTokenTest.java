package dev.brew.system;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.brew.system.support.Brew;
import dev.brew.system.support.Gateway;
import dev.brew.system.support.Response;
import dev.brew.system.support.Session;
import dev.brew.system.support.SystemTest;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.KeyFactory;
import java.security.KeyPairGenerator;
import java.security.interfaces.RSAPrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 5: tokens that must not pass, crafted from a real one — expired (signed with member-service's real key),
 * signed by another key under the real key id, {@code alg: none}, tampered claims, HMAC keyed with the public key,
 * another issuer, garbage — each sent to calls of every service through the gateway, as a header and as the
 * session cookie. Every one is a 401 problem; the genuine token passes, as a control.
 */
@SystemTest
@Order(20)
class ForgedTokenTest {

    private static Brew brew;
    private static Session member;
    private static SignedJWT genuine;
    private static RSAPrivateKey realKey;

    @BeforeAll
    static void genuineToken(Brew shared) throws Exception {
        brew = shared;
        shared.awaitSettled(Duration.ofSeconds(180));
        member = shared.gateway().newMember("forger");
        shared.gateway().placeOrder(member);
        genuine = SignedJWT.parse(member.token());
        String pem = Files.readString(shared.stack().data().resolve("keys").resolve("jwt-private.pem"))
                .replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
        realKey = (RSAPrivateKey) KeyFactory.getInstance("RSA")
                .generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(pem)));
    }

    private static String sign(JWTClaimsSet claims, RSAPrivateKey key) throws Exception {
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).type(JOSEObjectType.JWT)
                .keyID(genuine.getHeader().getKeyID()).build(), claims);
        jwt.sign(new RSASSASigner(key));
        return jwt.serialize();
    }

    private static String b64(String json) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }

    private static Map<String, String> forgeries() throws Exception {
        JWTClaimsSet claims = genuine.getJWTClaimsSet();
        Map<String, String> tokens = new LinkedHashMap<>();
        Instant past = Instant.now().minus(Duration.ofHours(2));
        tokens.put("expired (real key)", sign(new JWTClaimsSet.Builder(claims).issueTime(Date.from(past))
                .expirationTime(Date.from(past.plus(Duration.ofMinutes(15)))).build(), realKey));
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        tokens.put("signed by another key, same kid",
                sign(claims, (RSAPrivateKey) generator.generateKeyPair().getPrivate()));
        tokens.put("another issuer (real key)", sign(new JWTClaimsSet.Builder(claims)
                .issuer("http://evil.example").build(), realKey));
        // Issue 21: without exp a token was accepted for ever, without sub it made a 500, aud was not checked.
        tokens.put("no exp (real key)", sign(new JWTClaimsSet.Builder(claims).expirationTime(null).build(), realKey));
        tokens.put("no sub (real key)", sign(new JWTClaimsSet.Builder(claims).subject(null).build(), realKey));
        tokens.put("another audience (real key)", sign(new JWTClaimsSet.Builder(claims)
                .audience("another-app").build(), realKey));
        tokens.put("no audience (real key)", sign(new JWTClaimsSet.Builder(claims).audience((String) null).build(),
                realKey));
        String[] parts = member.token().split("\\.");
        tokens.put("alg none", b64("{\"alg\":\"none\",\"typ\":\"JWT\"}") + "." + parts[1] + ".");
        tokens.put("alg none, signature kept", b64("{\"alg\":\"none\",\"typ\":\"JWT\"}") + "." + parts[1] + "."
                + parts[2]);
        String payload = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8);
        tokens.put("tampered: roles BARISTA", parts[0] + "." + b64(payload.replace("\"MEMBER\"", "\"BARISTA\""))
                + "." + parts[2]);
        tokens.put("tampered: another sub", parts[0] + "." + b64(payload.replace(member.memberId(),
                UUID.randomUUID().toString())) + "." + parts[2]);
        tokens.put("tampered: signature", parts[0] + "." + parts[1] + "." + parts[2].substring(0, 10)
                + (parts[2].charAt(10) == 'A' ? 'B' : 'A') + parts[2].substring(11));
        SignedJWT hmac = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256)
                .keyID(genuine.getHeader().getKeyID()).build(), claims);
        hmac.sign(new MACSigner(brew.gateway().get("/.well-known/jwks.json", null).body()
                .repeat(2).getBytes(StandardCharsets.UTF_8)));
        tokens.put("HS256 keyed with the public JWKS", hmac.serialize());
        tokens.put("garbage", "not.a.token");
        return tokens;
    }

    @Test
    void forgedTokensAreRefusedEverywhere() throws Exception {
        Gateway gateway = brew.gateway();
        Map<String, Function<Session, Response>> calls = new LinkedHashMap<>();
        calls.put("POST /api/orders", s -> gateway.placeOrder(s, UUID.randomUUID().toString(),
                Gateway.orderBody(gateway.menuCodes(), 0)));
        calls.put("GET /api/orders/mine", gateway::mine);
        calls.put("GET /api/members/me", s -> gateway.get("/api/members/me", s));
        calls.put("GET /api/orders/stream", s -> gateway.firstStreamEvent(s, Duration.ofSeconds(3)));

        calls.forEach((call, send) -> assertThat(send.apply(member).status())
                .as("control: the genuine token on %s", call).isIn(200, 202));

        List<String> wrong = new ArrayList<>();
        int cases = 0;
        for (Map.Entry<String, String> forged : forgeries().entrySet()) {
            Session forger = new Session(forged.getValue(), member.memberId(), member.name());
            for (Map.Entry<String, Function<Session, Response>> call : calls.entrySet()) {
                Response answer = call.getValue().apply(forger);
                cases++;
                if (answer.status() != 401 || !answer.contentType().startsWith("application/problem+json")) {
                    wrong.add(forged.getKey() + " on " + call.getKey() + ": " + answer);
                }
            }
            // The session cookie carries the same checks as the header (GET calls only take it).
            Response byCookie = gateway.send(gateway.request("/api/orders/mine", null)
                    .header("Cookie", "brew_session=" + forged.getValue()).GET().build());
            cases++;
            if (byCookie.status() != 401) {
                wrong.add(forged.getKey() + " as cookie on GET /api/orders/mine: " + byCookie);
            }
        }
        System.out.printf("[system-tests] forged tokens: %d cases, all 401 expected%n", cases);
        assertThat(wrong).as("forged tokens that were not refused with a 401 problem").isEmpty();
        assertThat(brew.eventStore().ordersPlacedBy(List.of(member.memberId()))).as("only the control orders")
                .hasSize(2);
    }
}
