package io.codeanatomy.engine.core.internal.catalog;

import io.codeanatomy.engine.core.CatalogException;
import io.codeanatomy.engine.core.CatalogView;
import io.codeanatomy.engine.core.TableName;
import io.codeanatomy.engine.core.spi.TableProvider;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A session's schemas, tables, views and indexes. Names are case-insensitive. Every change makes a new
 * {@link #contents()}, which keys plan caches. Thread-safe: changes are serialized; readers see a consistent map per
 * call.
 */
public final class Catalog implements CatalogView {
    public static final String INFORMATION_SCHEMA = "information_schema";

    private final Map<String, String> schemas = new TreeMap<>();            // lower -> display name
    private final Map<TableName, CatalogEntry> entries = new TreeMap<>(BY_NAME);
    private final Map<String, IndexEntry> indexes = new TreeMap<>();       // "schema.index" lower -> entry
    private volatile Contents contents;

    private static final Comparator<TableName> BY_NAME =
            Comparator.comparing(TableName::schema).thenComparing(TableName::name);

    public Catalog() {
        schemas.put(TableName.DEFAULT_SCHEMA, TableName.DEFAULT_SCHEMA);
        schemas.put(INFORMATION_SCHEMA, INFORMATION_SCHEMA);
        changed();
    }

    /**
     * What the catalog holds now, as an immutable value. Two moments with the same schemas, entries (the same
     * provider objects, the same view texts) and indexes have equal contents, however the catalog got there: a
     * view dropped and created again with the same text gives the contents it had before.
     */
    public Contents contents() {
        return contents;
    }

    private void changed() {
        contents = new Contents(Map.copyOf(schemas), Map.copyOf(entries), Map.copyOf(indexes));
    }

    /** A catalog's contents at one moment; its hash is computed once, as plan caches look it up per statement. */
    public static final class Contents {
        private final Map<String, String> schemas;
        private final Map<TableName, CatalogEntry> entries;
        private final Map<String, IndexEntry> indexes;
        private final int hash;

        private Contents(Map<String, String> schemas, Map<TableName, CatalogEntry> entries,
                         Map<String, IndexEntry> indexes) {
            this.schemas = schemas;
            this.entries = entries;
            this.indexes = indexes;
            this.hash = Objects.hash(schemas, entries, indexes);
        }

        @Override
        public boolean equals(Object other) {
            return this == other || other instanceof Contents c && hash == c.hash && schemas.equals(c.schemas)
                    && entries.equals(c.entries) && indexes.equals(c.indexes);
        }

        @Override
        public int hashCode() {
            return hash;
        }
    }

    public synchronized void createSchema(String name, boolean ifNotExists) {
        String key = name.toLowerCase(Locale.ROOT);
        if (schemas.containsKey(key)) {
            if (ifNotExists) {
                return;
            }
            throw new CatalogException("Schema '" + name + "' already exists; use CREATE SCHEMA IF NOT EXISTS");
        }
        schemas.put(key, name);
        changed();
    }

    public synchronized void dropSchema(String name, boolean ifExists, boolean cascade) {
        String key = name.toLowerCase(Locale.ROOT);
        if (!schemas.containsKey(key)) {
            if (ifExists) {
                return;
            }
            throw new CatalogException("Schema '" + name + "' does not exist");
        }
        if (key.equals(TableName.DEFAULT_SCHEMA) || key.equals(INFORMATION_SCHEMA)) {
            throw new CatalogException("Schema '" + name + "' is built in and cannot be dropped");
        }
        List<TableName> inSchema = entries.keySet().stream().filter(t -> t.schema().equals(key)).toList();
        if (!inSchema.isEmpty() && !cascade) {
            throw new CatalogException("Schema '" + name + "' still holds " + inSchema + "; drop them first or use CASCADE");
        }
        inSchema.forEach(entries::remove);
        indexes.values().removeIf(i -> i.schema().equals(key));
        schemas.remove(key);
        changed();
    }

    public synchronized boolean hasSchema(String name) {
        return schemas.containsKey(name.toLowerCase(Locale.ROOT));
    }

    /** Adds an entry; fails if the name is taken unless {@code replace} (which only replaces the same kind). */
    public synchronized void put(CatalogEntry entry, boolean replace) {
        TableName key = entry.name().normalized();
        if (!schemas.containsKey(key.schema())) {
            throw new CatalogException("Schema '" + entry.name().schema() + "' does not exist; create it first with CREATE SCHEMA "
                    + entry.name().schema());
        }
        CatalogEntry existing = entries.get(key);
        if (existing != null) {
            if (!replace) {
                throw new CatalogException((existing.kind() == TableKind.VIEW ? "A view" : "A table") + " named "
                        + existing.name() + " already exists; drop it first, or use CREATE OR REPLACE / IF NOT EXISTS");
            }
            if (existing.kind() != entry.kind()) {
                throw new CatalogException(existing.name() + " is a " + existing.kind().name().toLowerCase(Locale.ROOT)
                        + ", not a " + entry.kind().name().toLowerCase(Locale.ROOT) + "; drop it first");
            }
        }
        entries.put(key, entry);
        changed();
    }

    /** Removes an entry of {@code kind} (any kind when null); returns whether it existed. */
    public synchronized Optional<CatalogEntry> remove(TableName name, TableKind kind) {
        TableName key = name.normalized();
        CatalogEntry existing = entries.get(key);
        if (existing == null) {
            return Optional.empty();
        }
        if (kind != null && existing.kind() != kind) {
            throw new CatalogException(existing.name() + " is a " + existing.kind().name().toLowerCase(Locale.ROOT)
                    + "; use DROP " + existing.kind().name() + " " + existing.name());
        }
        entries.remove(key);
        indexes.values().removeIf(i -> i.table().normalized().equals(key));
        changed();
        return Optional.of(existing);
    }

    public synchronized Optional<CatalogEntry> get(TableName name) {
        return Optional.ofNullable(entries.get(name.normalized()));
    }

    public synchronized List<CatalogEntry> entries() {
        return List.copyOf(entries.values());
    }

    public synchronized List<CatalogEntry> entries(String schema) {
        String key = schema.toLowerCase(Locale.ROOT);
        return entries.entrySet().stream().filter(e -> e.getKey().schema().equals(key)).map(Map.Entry::getValue).toList();
    }

    public synchronized void putIndex(IndexEntry index, boolean ifNotExists) {
        String key = (index.schema() + "." + index.name()).toLowerCase(Locale.ROOT);
        if (indexes.containsKey(key)) {
            if (ifNotExists) {
                return;
            }
            throw new CatalogException("Index '" + index.name() + "' already exists in schema '" + index.schema() + "'");
        }
        indexes.put(key, index);
        changed();
    }

    public synchronized boolean removeIndex(String schema, String name) {
        boolean removed = indexes.remove((schema + "." + name).toLowerCase(Locale.ROOT)) != null;
        if (removed) {
            changed();
        }
        return removed;
    }

    public synchronized List<IndexEntry> indexes() {
        return List.copyOf(indexes.values());
    }

    @Override
    public synchronized List<String> schemas() {
        return List.copyOf(schemas.values());
    }

    @Override
    public synchronized List<TableName> tables() {
        List<TableName> names = new ArrayList<>();
        entries.values().forEach(e -> names.add(e.name()));
        return names;
    }

    @Override
    public synchronized Optional<TableProvider> table(TableName name) {
        return get(name).map(CatalogEntry::provider);
    }

    /** The display name of a schema, if it exists. */
    public synchronized Optional<String> schemaName(String name) {
        return Optional.ofNullable(schemas.get(name.toLowerCase(Locale.ROOT)));
    }
}
