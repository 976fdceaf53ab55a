package dev.brew.member.domain;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PasswordPolicyTest {

    @Test
    void eight_characters_to_seventy_two_bytes() {
        assertThat(PasswordPolicy.check("a2c4e6g8")).isEqualTo("a2c4e6g8");
        assertThat(PasswordPolicy.check("xy".repeat(36))).hasSize(72);
        assertThatThrownBy(() -> PasswordPolicy.check("1234567")).isInstanceOf(InvalidMemberInput.class);
        assertThatThrownBy(() -> PasswordPolicy.check("x".repeat(73))).isInstanceOf(InvalidMemberInput.class);
        // 24 Korean syllables are 72 bytes; 25 are 75.
        assertThat(PasswordPolicy.check("가나".repeat(12))).hasSize(24);
        assertThatThrownBy(() -> PasswordPolicy.check("가".repeat(25))).isInstanceOf(InvalidMemberInput.class);
    }

    /** Issue 21: these were accepted. */
    @ParameterizedTest
    @ValueSource(strings = {"password", "12345678", "PassWord1", "iloveyou", "qwertyuiop", "1q2w3e4r", "starbucks",
            "        ", "\t \t \t \t \t", "   abc  d   ", "aaaaaaaaaa", "가가가가가가가가"})
    void common_repetitive_and_whitespace_only_passwords_are_refused(String password) {
        assertThatThrownBy(() -> PasswordPolicy.check(password))
                .isInstanceOfSatisfying(InvalidMemberInput.class, e -> assertThat(e.field()).isEqualTo("password"));
    }

    @Test
    void a_passphrase_with_spaces_inside_is_fine() {
        assertThat(PasswordPolicy.check("correct horse battery")).isEqualTo("correct horse battery");
    }
}
