package dev.brew.member.web;

import dev.brew.member.support.Api;
import dev.brew.member.support.MemberServiceTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

@MemberServiceTest
class ApiDocumentTest {

    @Autowired
    Api api;

    @Test
    void the_openapi_document_is_public_and_lists_the_calls() {
        Api.Response response = api.get("/v3/api-docs", null);

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.json().get("paths").fieldNames()).toIterable()
                .contains("/api/members", "/api/sessions", "/api/members/{id}", "/api/members/me",
                        "/.well-known/jwks.json");
    }

    @Test
    void prometheus_metrics_include_the_relay_counters() {
        Api.Response response = api.get("/actuator/prometheus", null);
        assertThat(response.status()).isEqualTo(200);
        assertThat(response.body()).contains("brew_member_events_published_total");
    }
}
