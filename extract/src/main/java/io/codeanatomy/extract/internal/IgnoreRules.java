package io.codeanatomy.extract.internal;

import java.util.ArrayList;
import java.util.List;

/**
 * The ignore rules that apply inside one directory: the parent's rules plus this directory's {@code .gitignore}.
 * Immutable; the walker makes a child for each directory that has its own file. Later rules win, deeper files win
 * over shallower ones, and {@code .git/info/exclude} sits below the root {@code .gitignore}, as in git.
 */
public final class IgnoreRules {
    private record Scope(String base, List<IgnoreRule> rules) {}

    private final List<Scope> scopes;

    private IgnoreRules(List<Scope> scopes) {
        this.scopes = scopes;
    }

    public static IgnoreRules empty() {
        return new IgnoreRules(List.of());
    }

    /** Rules from {@code text} (a .gitignore's content) for paths under {@code base} ("" for the root). */
    public IgnoreRules with(String base, String text) {
        List<IgnoreRule> rules = new ArrayList<>();
        for (String line : text.split("\n", -1)) {
            IgnoreRule.parse(line).ifPresent(rules::add);
        }
        if (rules.isEmpty()) {
            return this;
        }
        List<Scope> next = new ArrayList<>(scopes);
        next.add(new Scope(base, List.copyOf(rules)));
        return new IgnoreRules(List.copyOf(next));
    }

    /** Whether the repo-relative {@code path} is ignored; the last matching rule decides, deepest scope first. */
    public boolean isIgnored(String path, boolean isDirectory) {
        for (int s = scopes.size() - 1; s >= 0; s--) {
            Scope scope = scopes.get(s);
            String relative;
            if (scope.base().isEmpty()) {
                relative = path;
            } else if (path.startsWith(scope.base() + "/")) {
                relative = path.substring(scope.base().length() + 1);
            } else {
                continue;
            }
            List<IgnoreRule> rules = scope.rules();
            for (int r = rules.size() - 1; r >= 0; r--) {
                IgnoreRule rule = rules.get(r);
                if (rule.matches(relative, isDirectory)) {
                    return !rule.negated();
                }
            }
        }
        return false;
    }
}
