package io.actelemetry.deploy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

/**
 * The documents of a YAML file, navigated by dotted paths; Compose's merge keys ({@code <<:
 * *anchor}) applied.
 */
final class Yaml {
    private final Map<String, Object> root;

    private Yaml(Map<String, Object> root) {
        this.root = root;
    }

    static List<Yaml> documents(Path file) throws IOException {
        List<Yaml> docs = new ArrayList<>();
        for (Object doc :
                new Load(LoadSettings.builder().build())
                        .loadAllFromString(Files.readString(file))) {
            if (!(doc instanceof Map<?, ?>))
                throw new AssertionError(file + ": a document is not a mapping: " + doc);
            docs.add(new Yaml(map(merged(doc))));
        }
        return docs;
    }

    static Yaml document(Path file) throws IOException {
        List<Yaml> docs = documents(file);
        if (docs.size() != 1)
            throw new AssertionError(file + " holds " + docs.size() + " documents, not one");
        return docs.get(0);
    }

    /** The value at {@code a.b.c}, or null; keys with dots in them are looked up whole first. */
    Object get(String path) {
        Object at = root;
        String rest = path;
        while (!rest.isEmpty()) {
            if (!(at instanceof Map<?, ?> m)) return null;
            if (m.containsKey(rest)) return m.get(rest);
            int dot = rest.indexOf('.');
            String key = dot < 0 ? rest : rest.substring(0, dot);
            at = m.get(key);
            rest = dot < 0 ? "" : rest.substring(dot + 1);
        }
        return at;
    }

    String string(String path) {
        Object v = get(path);
        return v == null ? null : v.toString();
    }

    Yaml at(String path) {
        Object v = get(path);
        if (!(v instanceof Map<?, ?>))
            throw new AssertionError("no mapping at " + path + " in " + root);
        return new Yaml(map(v));
    }

    @SuppressWarnings("unchecked")
    List<Object> list(String path) {
        Object v = get(path);
        if (!(v instanceof List<?>)) throw new AssertionError("no list at " + path + " in " + root);
        return (List<Object>) v;
    }

    List<String> strings(String path) {
        return list(path).stream().map(String::valueOf).toList();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object o) {
        return (Map<String, Object>) o;
    }

    private static Object merged(Object node) {
        if (node instanceof Map<?, ?> m) {
            Map<String, Object> out = new LinkedHashMap<>();
            if (m.get("<<") instanceof Map<?, ?> base) out.putAll(map(merged(base)));
            m.forEach(
                    (k, v) -> {
                        if (!"<<".equals(k)) out.put(String.valueOf(k), merged(v));
                    });
            return out;
        }
        if (node instanceof List<?> l) return l.stream().map(Yaml::merged).toList();
        return node;
    }
}
