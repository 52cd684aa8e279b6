package io.codeanatomy.extract.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class IgnoreRulesTest {
    private static IgnoreRules root(String text) {
        return IgnoreRules.empty().with("", text);
    }

    @Test
    void unanchoredNameMatchesAtAnyDepth() {
        IgnoreRules rules = root("*.log\nbuild\n");
        assertThat(rules.isIgnored("a.log", false)).isTrue();
        assertThat(rules.isIgnored("x/y/a.log", false)).isTrue();
        assertThat(rules.isIgnored("x/build", true)).isTrue();
        assertThat(rules.isIgnored("x/build.gradle", false)).isFalse();
        assertThat(rules.isIgnored("a.log.txt", false)).isFalse();
    }

    @Test
    void slashAnchorsToTheIgnoreFilesDirectory() {
        IgnoreRules rules = root("/top.txt\ndoc/frotz\n");
        assertThat(rules.isIgnored("top.txt", false)).isTrue();
        assertThat(rules.isIgnored("sub/top.txt", false)).isFalse();
        assertThat(rules.isIgnored("doc/frotz", false)).isTrue();
        assertThat(rules.isIgnored("a/doc/frotz", false)).isFalse();
    }

    @Test
    void trailingSlashMatchesDirectoriesOnly() {
        IgnoreRules rules = root("out/\n");
        assertThat(rules.isIgnored("out", true)).isTrue();
        assertThat(rules.isIgnored("out", false)).isFalse();
        assertThat(rules.isIgnored("x/out", true)).isTrue();
    }

    @Test
    void negationReincludesAndLastRuleWins() {
        IgnoreRules rules = root("*.txt\n!keep.txt\n");
        assertThat(rules.isIgnored("a.txt", false)).isTrue();
        assertThat(rules.isIgnored("keep.txt", false)).isFalse();
        assertThat(root("!keep.txt\n*.txt\n").isIgnored("keep.txt", false)).isTrue();
    }

    @Test
    void doubleStarCrossesDirectories() {
        IgnoreRules rules = root("**/foo\na/**/b\nlogs/**\n");
        assertThat(rules.isIgnored("foo", false)).isTrue();
        assertThat(rules.isIgnored("x/y/foo", false)).isTrue();
        assertThat(rules.isIgnored("a/b", false)).isTrue();
        assertThat(rules.isIgnored("a/x/y/b", false)).isTrue();
        assertThat(rules.isIgnored("logs/deep/file", false)).isTrue();
        assertThat(rules.isIgnored("logs", true)).isFalse();
    }

    @Test
    void starAndQuestionMarkStopAtSlash() {
        IgnoreRules rules = root("a/*.c\nb?d\n");
        assertThat(rules.isIgnored("a/x.c", false)).isTrue();
        assertThat(rules.isIgnored("a/x/y.c", false)).isFalse();
        assertThat(rules.isIgnored("bad", false)).isTrue();
        assertThat(rules.isIgnored("b/d", false)).isFalse();
    }

    @Test
    void characterClassesRangesAndNegation() {
        IgnoreRules rules = root("file[0-9].txt\nx[!ab].md\n");
        assertThat(rules.isIgnored("file7.txt", false)).isTrue();
        assertThat(rules.isIgnored("filex.txt", false)).isFalse();
        assertThat(rules.isIgnored("xc.md", false)).isTrue();
        assertThat(rules.isIgnored("xa.md", false)).isFalse();
    }

    @Test
    void commentsBlankLinesEscapesAndTrailingSpaces() {
        IgnoreRules rules = root("# comment\n\n\\#hash\n\\!bang\nspaced   \nkeep\\ \n");
        assertThat(rules.isIgnored("# comment", false)).isFalse();
        assertThat(rules.isIgnored("#hash", false)).isTrue();
        assertThat(rules.isIgnored("!bang", false)).isTrue();
        assertThat(rules.isIgnored("spaced", false)).isTrue();
        assertThat(rules.isIgnored("keep ", false)).isTrue();
    }

    @Test
    void deeperIgnoreFileOverridesShallowerOne() {
        IgnoreRules rules = root("*.gen\n").with("sub", "!*.gen\n/local\n");
        assertThat(rules.isIgnored("a.gen", false)).isTrue();
        assertThat(rules.isIgnored("sub/a.gen", false)).isFalse();
        assertThat(rules.isIgnored("sub/local", false)).isTrue();
        assertThat(rules.isIgnored("local", false)).isFalse();
        assertThat(rules.isIgnored("subway/local", false)).isFalse();
    }

    @Test
    void regexMetacharactersAreLiteral() {
        IgnoreRules rules = root("a+b(c).txt\n");
        assertThat(rules.isIgnored("a+b(c).txt", false)).isTrue();
        assertThat(rules.isIgnored("aab(c)xtxt", false)).isFalse();
    }
}
