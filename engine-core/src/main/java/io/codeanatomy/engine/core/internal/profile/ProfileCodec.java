package io.codeanatomy.engine.core.internal.profile;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.codeanatomy.engine.core.InvalidProfileException;
import io.codeanatomy.engine.core.RuntimeProfile;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** Canonical JSON for profiles: sorted properties and keys, so the same value always encodes to the same bytes. */
public final class ProfileCodec {
    private static final ObjectMapper CANONICAL = JsonMapper.builder()
            .enable(MapperFeature.SORT_PROPERTIES_ALPHABETICALLY)
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_MISSING_CREATOR_PROPERTIES)
            .build();

    private ProfileCodec() {}

    public static String canonicalJson(RuntimeProfile profile) {
        try {
            return CANONICAL.writeValueAsString(profile);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("A RuntimeProfile could not be encoded; this is a bug", e);
        }
    }

    public static RuntimeProfile fromJson(String json) {
        try {
            return CANONICAL.readValue(json, RuntimeProfile.class);
        } catch (ValueInstantiationException e) {
            if (e.getCause() instanceof IllegalArgumentException iae) {
                throw iae;
            }
            throw new InvalidProfileException("<json>", e.getOriginalMessage(), "a RuntimeProfile encoding");
        } catch (JsonProcessingException e) {
            throw new InvalidProfileException("<json>", e.getOriginalMessage(), "a RuntimeProfile encoding");
        }
    }

    public static String fingerprint(RuntimeProfile profile) {
        return sha256Hex(canonicalJson(profile));
    }

    public static String sha256Hex(String text) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(digest.digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every JDK", e);
        }
    }
}
