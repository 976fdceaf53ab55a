package dev.brew.member.domain;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MemberNameTest {

    @Test
    void a_name_is_trimmed_and_composed() {
        assertThat(MemberName.parse("  Jose\u0301 ")).isEqualTo("José");
    }

    @Test
    void line_separators_at_the_ends_are_trimmed_like_spaces_not_refused() {
        assertThat(MemberName.parse("\u2029name\u2028\u2028")).isEqualTo("name");
    }

    @Test
    void letters_case_and_width_do_not_make_another_name() {
        assertThat(MemberName.key("ANN")).isEqualTo(MemberName.key("ann"));
        assertThat(MemberName.key("Ａｎｎ")).isEqualTo(MemberName.key("ann"));
        assertThat(MemberName.key("José")).isEqualTo(MemberName.key("JOSE\u0301"));
    }

    @Test
    void forty_characters_fit_and_forty_one_do_not_counting_code_points() {
        assertThat(MemberName.parse("😀".repeat(40))).hasSize(80);
        assertThatThrownBy(() -> MemberName.parse("a".repeat(41))).isInstanceOf(InvalidMemberInput.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " \t ", "tab\there", "nul\u0000", "line\u2028sep", "rtl\u202Eoverride", "del\u007F"})
    void empty_and_control_characters_are_refused(String name) {
        assertThatThrownBy(() -> MemberName.parse(name))
                .isInstanceOfSatisfying(InvalidMemberInput.class, e -> assertThat(e.field()).isEqualTo("name"));
    }

    @Test
    void korean_and_spaces_inside_are_fine() {
        assertThat(MemberName.parse("김 바리스타")).isEqualTo("김 바리스타");
    }

    /** Issue 21: each of these rendered as (or nearly as) "operator" on the barista's screen and was accepted. */
    @ParameterizedTest
    @ValueSource(strings = {"operat\u200Bor", "oper\u200Dator", "operator\u2060", "\uFEFFoperator",
            "opera\u00ADtor", "operat\u043Er", "\u03BFperator", "operator\u3164", "operator\u115F",
            "oper ator\u00A0", "oper\u3000ator", "operator\u2800", "op  erator", "operato\u0300\u0301\u0302\u0303r",
            "operator\uFE00", "operator\u034F", "operator1\u0661", "operator\uDB40\uDC20"})
    void invisible_and_confusable_characters_are_refused(String name) {
        assertThatThrownBy(() -> MemberName.parse(name))
                .isInstanceOfSatisfying(InvalidMemberInput.class, e -> assertThat(e.field()).isEqualTo("name"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"김민지", "Kim 민지", "山田 太郎", "やまだ Taro", "Иван Петров", "Ελένη", "Zoë", "O'Neil-Smith",
            "barista2", "❤\uFE0F latte", "😀"})
    void real_names_in_one_script_or_an_allowed_mix_pass(String name) {
        assertThat(MemberName.parse(name)).isNotBlank();
    }
}
