package io.codeanatomy.engine.core.plan;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Everything about one query's plan, as a serializable value: three plans, the plan identity, the optimizer trace,
 * lineage, the pushdown contract and the planning manifest. {@link #toJson()} / {@link #fromJson} round-trip it
 * against the schema version {@link #SCHEMA_VERSION} (documented in {@code docs/plan-bundle.md}).
 *
 * @param schemaVersion the bundle format version
 * @param parsed        the logical plan as converted from SQL (or built by the DataFrame API)
 * @param optimized     the logical plan after the optimizer programs, pushdown included
 * @param physical      the engine's physical operators
 * @param planIdentity  SHA-256 over the payload version, optimized digest, profile fingerprint, function set hash and
 *                      the identity (schema and version) of every table read
 * @param trace         every successful rule application, in order
 * @param lineage       where the data comes from
 * @param pushdown      per scan, each filter conjunct with the provider's answer and where it is evaluated
 * @param manifest      phase timings, Calcite version, profile, feature gates, and a digest over the rest
 * @param joins         per join of the physical plan (pre-order): its build side and what chose it (hint, estimate
 *                      or join type); empty in bundles written before join hints existed
 * @since 0.1
 */
public record PlanBundle(int schemaVersion, PlanTree parsed, PlanTree optimized, PlanTree physical, String planIdentity,
                         List<RuleApplication> trace, LineageReport lineage, List<ScanContract> pushdown,
                         PlanningManifest manifest, List<JoinChoice> joins) {
    public static final int SCHEMA_VERSION = 1;

    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    public PlanBundle {
        Objects.requireNonNull(parsed, "parsed");
        Objects.requireNonNull(optimized, "optimized");
        Objects.requireNonNull(physical, "physical");
        Objects.requireNonNull(planIdentity, "planIdentity");
        trace = List.copyOf(trace);
        pushdown = List.copyOf(pushdown);
        joins = joins == null ? List.of() : List.copyOf(joins);   // null: a bundle from before the field existed
    }

    public String toJson() {
        try {
            return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(this);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("A plan bundle could not be written as JSON", e);
        }
    }

    /** @throws IllegalArgumentException if {@code json} is not a bundle of a supported schema version */
    public static PlanBundle fromJson(String json) {
        try {
            PlanBundle bundle = JSON.readValue(json, PlanBundle.class);
            if (bundle.schemaVersion() > SCHEMA_VERSION) {
                throw new IllegalArgumentException("Plan bundle schema version " + bundle.schemaVersion()
                        + " is newer than this engine's " + SCHEMA_VERSION);
            }
            return bundle;
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("Not a plan bundle: " + e.getOriginalMessage(), e);
        }
    }

    /** What changed from {@code before} to this bundle: plans, identity, trace, lineage and pushdown, one line each. */
    public List<String> diff(PlanBundle before) {
        List<String> changes = new ArrayList<>();
        compare(changes, "parsed plan", before.parsed().digest(), parsed.digest(), before.parsed().text(), parsed.text());
        compare(changes, "optimized plan", before.optimized().digest(), optimized.digest(), before.optimized().text(), optimized.text());
        compare(changes, "physical plan", before.physical().digest(), physical.digest(), before.physical().text(), physical.text());
        if (!before.planIdentity().equals(planIdentity)) {
            changes.add("plan identity: " + before.planIdentity() + " -> " + planIdentity);
        }
        if (!before.manifest().profileFingerprint().equals(manifest.profileFingerprint())) {
            changes.add("profile: " + before.manifest().profileFingerprint() + " -> " + manifest.profileFingerprint());
        }
        List<String> rulesBefore = before.trace().stream().map(r -> r.phase() + ":" + r.rule()).toList();
        List<String> rulesAfter = trace.stream().map(r -> r.phase() + ":" + r.rule()).toList();
        if (!rulesBefore.equals(rulesAfter)) {
            changes.add("optimizer trace: " + rulesBefore.size() + " -> " + rulesAfter.size() + " rule applications; first difference at #"
                    + firstDifference(rulesBefore, rulesAfter));
        }
        if (!Objects.equals(before.lineage(), lineage)) {
            if (!before.lineage().referencedTables().equals(lineage.referencedTables())) {
                changes.add("tables: " + before.lineage().referencedTables() + " -> " + lineage.referencedTables());
            }
            if (!before.lineage().columnSources().equals(lineage.columnSources())) {
                changes.add("column lineage: " + before.lineage().columnSources() + " -> " + lineage.columnSources());
            }
            if (!before.lineage().requiredColumns().equals(lineage.requiredColumns())) {
                changes.add("required columns: " + before.lineage().requiredColumns() + " -> " + lineage.requiredColumns());
            }
        }
        if (!before.joins().equals(joins)) {
            changes.add("join build sides: " + before.joins() + " -> " + joins);
        }
        if (!before.pushdown().equals(pushdown)) {
            changes.add("pushdown: " + before.pushdown() + " -> " + pushdown);
        }
        return changes;
    }

    private static void compare(List<String> changes, String what, String digestBefore, String digestAfter, String textBefore,
                                String textAfter) {
        if (!digestBefore.equals(digestAfter)) {
            List<String> a = textBefore.lines().toList();
            List<String> b = textAfter.lines().toList();
            int at = firstDifference(a, b);
            changes.add(what + " changed at line " + (at + 1) + ": '" + (at < a.size() ? a.get(at).strip() : "")
                    + "' -> '" + (at < b.size() ? b.get(at).strip() : "") + "'");
        }
    }

    private static int firstDifference(List<String> a, List<String> b) {
        int i = 0;
        while (i < a.size() && i < b.size() && a.get(i).equals(b.get(i))) {
            i++;
        }
        return i;
    }
}
