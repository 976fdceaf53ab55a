package dev.brew.loyalty.domain;

import dev.brew.contracts.order.LineOptions;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** "Your usual" tells a drink's options apart by what differs from the café's defaults. */
class UsualOptionsTest {

    final UsualOptions defaults = new UsualOptions("TALL", "HOT", 0, "REGULAR", "NONE");

    @Test
    void a_line_from_before_options_and_one_made_the_default_way_are_the_same_drink() {
        assertThat(defaults.key(null)).isEmpty();
        assertThat(defaults.key(new LineOptions("TALL", "HOT", 0, "REGULAR", "NONE"))).isEmpty();
        // A drink that takes no milk or syrup leaves them out: still the default way.
        assertThat(defaults.key(new LineOptions("TALL", "HOT", null, null, null))).isEmpty();
    }

    @Test
    void each_option_that_differs_makes_another_drink() {
        assertThat(defaults.key(new LineOptions("VENTI", "ICED", 1, "OAT", "NONE")))
                .isEqualTo("size=VENTI;temperature=ICED;extraShots=1;milk=OAT");
        assertThat(defaults.key(new LineOptions("TALL", "HOT", 0, "REGULAR", "VANILLA"))).isEqualTo("syrup=VANILLA");
        assertThat(defaults.key(new LineOptions("TALL", "HOT", 2, "REGULAR", "NONE")))
                .isNotEqualTo(defaults.key(new LineOptions("TALL", "HOT", 1, "REGULAR", "NONE")));
    }
}
