package dev.eventbus.kafka;

import java.time.Instant;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The shape check of {@code ce_time}, which runs per record instead of a parse.
 */
class EventRecordsTest {

    @Test
    void rfc3339TimesPass() {
        assertThat(EventRecords.isRfc3339("2026-12-06T05:40:00Z")).isTrue();
        assertThat(EventRecords.isRfc3339("2026-12-06t05:40:00.1z")).isTrue();
        assertThat(EventRecords.isRfc3339("2026-12-06T05:40:00.123456789Z")).isTrue();
        assertThat(EventRecords.isRfc3339("2026-12-06T05:40:00+01:00")).isTrue();
        assertThat(EventRecords.isRfc3339("2026-12-06T05:40:00.5-07:30")).isTrue();
        assertThat(EventRecords.isRfc3339(Instant.now().toString())).isTrue();
    }

    @Test
    void otherTextsFail() {
        assertThat(EventRecords.isRfc3339("")).isFalse();
        assertThat(EventRecords.isRfc3339("yesterday")).isFalse();
        assertThat(EventRecords.isRfc3339("2026-12-06 05:40:00Z")).isFalse();
        assertThat(EventRecords.isRfc3339("2026-12-06T05:40:00")).isFalse();
        assertThat(EventRecords.isRfc3339("2026-12-06T05:40:00.Z")).isFalse();
        assertThat(EventRecords.isRfc3339("2026-12-06T05:40:00.1234567890Z")).isFalse();
        assertThat(EventRecords.isRfc3339("2026-12-06T05:40:00+0100")).isFalse();
        assertThat(EventRecords.isRfc3339("2026-12-06T05:40:00Zjunk")).isFalse();
        assertThat(EventRecords.isRfc3339("20261-12-06T05:40:00Z")).isFalse();
    }

}
