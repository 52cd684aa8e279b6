package io.codeanatomy.engine.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class RuntimeProfileTest {
    static final OptionKey<Long> DEPTH = new OptionKey<>("test.maxDepth", Long.class, 8L);
    static final OptionKey<String> MODE = new OptionKey<>("test.mode", String.class, "fast");

    /** A profile with every field fixed, so the fingerprint does not depend on the machine. */
    static RuntimeProfile fixed() {
        return RuntimeProfile.defaults().withName("fixed").withTargetPartitions(4)
                .withOption(DEPTH, 3L).withOption(MODE, "exact");
    }

    @Test
    void invalidValuesNameFieldValueAndWhatIsAllowed() {
        assertThatThrownBy(() -> RuntimeProfile.defaults().withBatchSize(0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("execution.batchSize").hasMessageContaining("0").hasMessageContaining("1..1048576");
        assertThatThrownBy(() -> RuntimeProfile.defaults().withMemoryLimitBytes(10))
                .hasMessageContaining("execution.memoryLimitBytes").hasMessageContaining("10");
        assertThatThrownBy(() -> RuntimeProfile.defaults().withTargetPartitions(0))
                .hasMessageContaining("execution.targetPartitions");
        assertThatThrownBy(() -> RuntimeProfile.defaults().withName("bad name!"))
                .hasMessageContaining("name");
        assertThatThrownBy(() -> new CacheSettings(-1, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new OptionKey<>("nodots", Long.class, 1L)).hasMessageContaining("nodots");
    }

    @Test
    void withCopiesAndLeavesTheOriginalAlone() {
        RuntimeProfile base = RuntimeProfile.defaults();
        RuntimeProfile changed = base.withBatchSize(1024);
        assertThat(base.execution().batchSize()).isEqualTo(ExecutionOptions.DEFAULT_BATCH_SIZE);
        assertThat(changed.execution().batchSize()).isEqualTo(1024);
        assertThat(RuntimeProfile.batch().sql().allowDml()).isTrue();
        assertThat(RuntimeProfile.defaults().sql().allowDdl()).isFalse();
        assertThat(RuntimeProfile.interactive().execution().batchSize()).isLessThan(RuntimeProfile.batch().execution().batchSize());
    }

    @Test
    void canonicalJsonRoundTrips() {
        RuntimeProfile profile = fixed();
        RuntimeProfile decoded = RuntimeProfile.fromJson(profile.toCanonicalJson());
        assertThat(decoded).isEqualTo(profile);
        assertThat(decoded.fingerprint()).isEqualTo(profile.fingerprint());
        assertThat(decoded.extensions().get(DEPTH)).isEqualTo(3L);
    }

    @Test
    void fingerprintDoesNotDependOnTheOrderOptionsWereSet() {
        RuntimeProfile a = RuntimeProfile.defaults().withOption(DEPTH, 3L).withOption(MODE, "exact");
        RuntimeProfile b = RuntimeProfile.defaults().withOption(MODE, "exact").withOption(DEPTH, 3L);
        assertThat(a.fingerprint()).isEqualTo(b.fingerprint()).hasSize(64);
    }

    @Test
    void everyFieldChangesTheFingerprint() {
        RuntimeProfile base = fixed();
        List<RuntimeProfile> variants = List.of(
                base.withName("other"),
                base.withTargetPartitions(5),
                base.withBatchSize(4096),
                base.withMemoryLimitBytes(base.execution().memoryLimitBytes() + 1),
                base.withFeatures(base.features().withJoinDynamicFilters(!base.features().joinDynamicFilters())),
                base.withFeatures(base.features().withAggregateDynamicFilters(!base.features().aggregateDynamicFilters())),
                base.withFeatures(base.features().withTopKDynamicFilters(!base.features().topKDynamicFilters())),
                base.withFeatures(base.features().withSortPushdown(!base.features().sortPushdown())),
                base.withFeatures(base.features().withAllowSymmetricJoinsWithoutPruning(
                        !base.features().allowSymmetricJoinsWithoutPruning())),
                base.withSql(base.sql().withAllowDdl(true)),
                base.withSql(base.sql().withAllowDml(true)),
                base.withSql(base.sql().withAllowedStatementKinds(Set.of(StatementKind.SELECT))),
                base.withCache(base.cache().withPlanCacheEntries(base.cache().planCacheEntries() + 1)),
                base.withCache(base.cache().withMemoryCacheBytes(base.cache().memoryCacheBytes() + 1)),
                base.withOption(DEPTH, 4L),
                base.withExtensions(base.extensions().without(MODE)));
        assertThat(variants.stream().map(RuntimeProfile::fingerprint).distinct().count()).isEqualTo(variants.size());
        assertThat(variants).allSatisfy(v -> assertThat(v.fingerprint()).isNotEqualTo(base.fingerprint()));
    }

    @Test
    void fingerprintIsTheSameInAnotherJvm() throws Exception {
        String java = ProcessHandle.current().info().command().orElse(System.getProperty("java.home") + "/bin/java");
        Process process = new ProcessBuilder(java, "--sun-misc-unsafe-memory-access=allow", "-cp",
                System.getProperty("java.class.path"), FingerprintMain.class.getName())
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).isZero();
        assertThat(output).isEqualTo(fixed().fingerprint());
    }

    /** Entry point of the second JVM: prints the fixed profile's fingerprint. */
    public static final class FingerprintMain {
        public static void main(String[] args) {
            System.out.println(fixed().fingerprint());
        }
    }
}
