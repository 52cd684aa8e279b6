package io.codeanatomy.engine.ext.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.codeanatomy.engine.ext.StableId;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class TextFunctionsTest {
    @Test
    void pathsAreNormalizedLexically() {
        assertThat(TextFunctions.normalizePath("./src/a.py")).isEqualTo("src/a.py");
        assertThat(TextFunctions.normalizePath("src\\pkg\\..\\b.py")).isEqualTo("src/b.py");
        assertThat(TextFunctions.normalizePath("a//b/./c/")).isEqualTo("a/b/c");
        assertThat(TextFunctions.normalizePath("../x/../../y")).isEqualTo("../../y");
        assertThat(TextFunctions.normalizePath("/../etc//passwd")).isEqualTo("/etc/passwd");
        assertThat(TextFunctions.normalizePath("a/..")).isEqualTo(".");
        assertThat(TextFunctions.normalizePath("")).isEqualTo(".");
        assertThat(TextFunctions.normalizePath("/")).isEqualTo("/");
        assertThat(TextFunctions.normalizePath("C:\\repo\\.\\m.py")).isEqualTo("C:/repo/m.py");
    }

    @Test
    void relativeImportsResolveAgainstThePackage() {
        assertThat(TextFunctions.resolveRelativeModule("pkg.sub.mod", false, 1, "util")).isEqualTo("pkg.sub.util");
        assertThat(TextFunctions.resolveRelativeModule("pkg.sub.mod", false, 2, "util")).isEqualTo("pkg.util");
        assertThat(TextFunctions.resolveRelativeModule("pkg.sub.mod", false, 2, "")).isEqualTo("pkg");
        assertThat(TextFunctions.resolveRelativeModule("pkg.sub", true, 1, "util")).isEqualTo("pkg.sub.util");   // __init__
        assertThat(TextFunctions.resolveRelativeModule("pkg.sub", true, 2, "")).isEqualTo("pkg");
        assertThat(TextFunctions.resolveRelativeModule("pkg.mod", false, 3, "x")).isNull();        // above the top
        assertThat(TextFunctions.resolveRelativeModule("pkg.mod", false, 0, "os.path")).isEqualTo("os.path");
    }

    @Test
    void qualnamesSkipNullAndEmptyParts() {
        assertThat(TextFunctions.qualnameJoin(Arrays.asList("pkg", null, "", "Cls", "m"))).isEqualTo("pkg.Cls.m");
        assertThat(TextFunctions.qualnameJoin(Arrays.asList(null, ""))).isEmpty();
    }

    @Test
    void stableIdsSeparatePartsAndNulls() {
        assertThat(StableId.of("ab", "c")).isNotEqualTo(StableId.of("a", "bc"));
        assertThat(StableId.of((String) null)).isNotEqualTo(StableId.of(""));
        assertThat(StableId.of("a", null)).isNotEqualTo(StableId.of("a"));
        assertThat(StableId.of("f\u00e9", "x")).isEqualTo(StableId.of(Arrays.asList("f\u00e9", "x")));
        // Pinned: a change here changes every node id ever written.
        assertThat(StableId.of("a")).isEqualTo(-4821498216605228605L);
        // xxh64 of 01 00 00 00 00 00 00 00 61 (length prefix, then "a")
        byte[] manual = {1, 0, 0, 0, 0, 0, 0, 0, 'a'};
        assertThat(StableId.of("a")).isEqualTo(XxHash64.hash(manual, 0, manual.length, 0));
    }
}
