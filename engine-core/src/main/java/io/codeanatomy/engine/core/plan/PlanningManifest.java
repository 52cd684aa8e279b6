package io.codeanatomy.engine.core.plan;

import io.codeanatomy.engine.core.PlannerFeatureGates;
import java.util.Map;

/**
 * How the plan was made.
 *
 * @param phaseMillis        wall time per planning phase (not part of any digest)
 * @param calciteVersion     the Calcite version that planned it
 * @param profileName        the session profile's name
 * @param profileFingerprint the session profile's fingerprint
 * @param features           the planner feature gates in force
 * @param digest             SHA-256 over the plans, identity, trace, lineage and pushdown contract (not the timings)
 * @since 0.1
 */
public record PlanningManifest(Map<String, Double> phaseMillis, String calciteVersion, String profileName,
                               String profileFingerprint, PlannerFeatureGates features, String digest) {}
