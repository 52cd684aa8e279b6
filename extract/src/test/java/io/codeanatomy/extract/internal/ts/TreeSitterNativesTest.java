package io.codeanatomy.extract.internal.ts;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.treesitter.jtreesitter.Parser;
import io.github.treesitter.jtreesitter.Tree;
import org.junit.jupiter.api.Test;

class TreeSitterNativesTest {
    @Test
    void bundledGrammarsParsePythonAndJava() {
        try (Parser parser = new Parser(TreeSitterNatives.python());
                Tree tree = parser.parse("def f(x):\n    return x\n").orElseThrow()) {
            assertThat(tree.getRootNode().getType()).isEqualTo("module");
            assertThat(tree.getRootNode().hasError()).isFalse();
        }
        try (Parser parser = new Parser(TreeSitterNatives.java());
                Tree tree = parser.parse("class A { void m() {} }").orElseThrow()) {
            assertThat(tree.getRootNode().getType()).isEqualTo("program");
        }
    }
}
