package org.liaison.client.audit;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The named fields of one record of an audit file, whatever its syntax (a JSON object, a CSV
 * row), so that both export formats and the kept checkpoints are read by the same code. Every
 * accessor throws an {@link IllegalArgumentException} naming the field when it is malformed.
 */
interface AuditRow {

    /** The names of the fields that are present (JSON) or not empty (CSV). */
    Set<String> present();

    /** A text field; {@code ""} when absent. */
    String text(String field);

    /** An integer field; refused when absent. */
    long number(String field);

    /** A list of texts (a JSON array; space-separated in CSV); empty when absent. */
    List<String> list(String field);

    /** Texts by name (a JSON object; {@code key=value} lines in CSV); empty when absent. */
    Map<String, String> map(String field);

    /** The fields of a JSON object. */
    static AuditRow of(JsonNode node) {
        return new AuditRow() {
            @Override
            public Set<String> present() {
                Set<String> names = new LinkedHashSet<>();
                node.fieldNames().forEachRemaining(names::add);
                return names;
            }

            @Override
            public String text(String field) {
                return AuditFields.text(node, field);
            }

            @Override
            public long number(String field) {
                return AuditFields.number(node, field);
            }

            @Override
            public List<String> list(String field) {
                JsonNode value = node.get(field);
                if (value == null) {
                    return List.of();
                }
                if (!value.isArray()) {
                    throw new IllegalArgumentException(field + " is not a list");
                }
                List<String> items = new ArrayList<>();
                for (JsonNode item : value) {
                    if (!item.isTextual()) {
                        throw new IllegalArgumentException(field + " holds something other than text");
                    }
                    items.add(item.asText());
                }
                return items;
            }

            @Override
            public Map<String, String> map(String field) {
                JsonNode value = node.get(field);
                if (value == null) {
                    return Map.of();
                }
                if (!value.isObject()) {
                    throw new IllegalArgumentException(field + " is not an object");
                }
                Map<String, String> items = new LinkedHashMap<>();
                for (Iterator<Map.Entry<String, JsonNode>> it = value.fields(); it.hasNext(); ) {
                    Map.Entry<String, JsonNode> item = it.next();
                    if (!item.getValue().isTextual()) {
                        throw new IllegalArgumentException(field + "." + item.getKey() + " is not text");
                    }
                    items.put(item.getKey(), item.getValue().asText());
                }
                return items;
            }
        };
    }
}
