package dev.brew.member.domain;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PasswordPolicyTest {

    @Test
    void eight_characters_to_seventy_two_bytes() {
        assertThat(PasswordPolicy.check("12345678")).isEqualTo("12345678");
        assertThat(PasswordPolicy.check("x".repeat(72))).hasSize(72);
        assertThatThrownBy(() -> PasswordPolicy.check("1234567")).isInstanceOf(InvalidMemberInput.class);
        assertThatThrownBy(() -> PasswordPolicy.check("x".repeat(73))).isInstanceOf(InvalidMemberInput.class);
        // 24 Korean syllables are 72 bytes; 25 are 75.
        assertThat(PasswordPolicy.check("가".repeat(24))).hasSize(24);
        assertThatThrownBy(() -> PasswordPolicy.check("가".repeat(25))).isInstanceOf(InvalidMemberInput.class);
    }
}
