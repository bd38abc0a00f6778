package dev.eventbus.benchmarks.report;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class FiguresTest {

    @Test
    void aRatioOfAtLeastOneIsHowManyTimesFasterWeAre() {
        assertThat(Figures.speed(12.04)).isEqualTo("12.0× faster");
        assertThat(Figures.speed(1.40)).isEqualTo("1.40× faster");
        assertThat(Figures.speed(1)).isEqualTo("1.00× faster");
    }

    @Test
    void aRatioBelowOneIsTurnedRoundIntoHowManyTimesSlowerWeAre() {
        assertThat(Figures.speed(481.0 / 822.0)).isEqualTo("1.7× slower");
        assertThat(Figures.speed(0.25)).isEqualTo("4.0× slower");
    }

}
