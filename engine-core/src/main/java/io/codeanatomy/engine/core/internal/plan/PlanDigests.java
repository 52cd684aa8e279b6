package io.codeanatomy.engine.core.internal.plan;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import org.apache.calcite.plan.RelOptUtil;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.sql.SqlExplainLevel;

/** Canonical plan text and its SHA-256: the text has no object ids, so equal plans digest equally in every JVM. */
public final class PlanDigests {
    private PlanDigests() {}

    public static String canonicalText(RelNode rel) {
        return RelOptUtil.toString(rel, SqlExplainLevel.DIGEST_ATTRIBUTES);
    }

    public static String digest(RelNode rel) {
        return sha256(canonicalText(rel));
    }

    public static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
