package io.codeanatomy.engine.core.spi;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Lazy statistics compute a column's part when it is first read, once, and nothing for columns never read. */
class TableStatisticsTest {
    private static ColumnStatistics distinct(long n) {
        return new ColumnStatistics(OptionalLong.of(0), OptionalLong.of(n), Optional.empty(), Optional.empty());
    }

    @Test
    void aColumnIsComputedOnFirstReadOnly() {
        Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();
        TableStatistics stats = TableStatistics.lazy(OptionalLong.of(10), List.of("a", "b", "c"), name -> {
            calls.computeIfAbsent(name, n -> new AtomicInteger()).incrementAndGet();
            return distinct(name.charAt(0) - 'a' + 1);
        });
        assertThat(stats.rowCount()).hasValue(10);
        assertThat(stats.columns()).hasSize(3).containsKey("b");
        assertThat(calls).isEmpty();

        assertThat(stats.column("b").distinctCount()).hasValue(2);
        assertThat(stats.column("b").distinctCount()).hasValue(2);
        assertThat(stats.column("missing")).isEqualTo(ColumnStatistics.UNKNOWN);
        assertThat(calls).containsOnlyKeys("b");
        assertThat(calls.get("b")).hasValue(1);

        // reading them all (as equality does) computes the rest, still once each
        assertThat(stats).isEqualTo(new TableStatistics(OptionalLong.of(10), Map.of("a", distinct(1), "b", distinct(2), "c", distinct(3))));
        assertThat(calls).containsOnlyKeys("a", "b", "c");
        assertThat(calls.values()).allSatisfy(n -> assertThat(n).hasValue(1));
    }
}
