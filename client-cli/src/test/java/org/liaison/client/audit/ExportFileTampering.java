package org.liaison.client.audit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Edits one record of an export file's text, as someone with a text editor would: for the tests
 * that a changed, deleted or added record fails verification at its seq, in either format. A
 * record is handed to the edit as its fields' texts (CSV cells as they are in the file).
 */
final class ExportFileTampering {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> NUMBERS = Set.of("seq", "time_ms");

    private final AuditExportFormat format;

    ExportFileTampering(AuditExportFormat format) {
        this.format = format;
    }

    /** {@code text} with {@code field} of the {@code type} record at {@code seq} set to {@code value}. */
    String change(String text, String type, long seq, String field, String value) {
        return edit(text, type, seq, record -> {
            record.put(field, value);
            return List.of(record);
        });
    }

    /** {@code text} without the {@code type} record at {@code seq}. */
    String delete(String text, String type, long seq) {
        return edit(text, type, seq, record -> List.of());
    }

    /** {@code text} with the {@code type} record at {@code seq} replaced by what {@code replace} makes of it. */
    String edit(String text, String type, long seq, Function<Map<String, String>, List<Map<String, String>>> replace) {
        try {
            return format == AuditExportFormat.JSONL ? editJsonLines(text, type, seq, replace)
                    : editCsv(text, type, seq, replace);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String editJsonLines(String text, String type, long seq,
                                        Function<Map<String, String>, List<Map<String, String>>> replace)
            throws IOException {
        StringBuilder out = new StringBuilder();
        boolean found = false;
        for (String line : text.split("\n")) {
            JsonNode node = JSON.readTree(line);
            if (!node.path("type").asText().equals(type) || node.path("seq").asLong(-1) != seq) {
                out.append(line).append('\n');
                continue;
            }
            found = true;
            Map<String, String> record = new LinkedHashMap<>();
            node.fields().forEachRemaining(field -> record.put(field.getKey(), field.getValue().asText()));
            for (Map<String, String> replacement : replace.apply(record)) {
                ObjectNode changed = JSON.createObjectNode();
                replacement.forEach((name, value) -> {
                    if (NUMBERS.contains(name)) {
                        changed.put(name, Long.parseLong(value));
                    } else {
                        changed.put(name, value);
                    }
                });
                out.append(JSON.writeValueAsString(changed)).append('\n');
            }
        }
        requireFound(found, type, seq);
        return out.toString();
    }

    private static String editCsv(String text, String type, long seq,
                                  Function<Map<String, String>, List<Map<String, String>>> replace)
            throws IOException {
        List<Csv.Row> rows = Csv.parse(new StringReader(text));
        List<String> columns = rows.get(0).cells();
        StringBuilder out = new StringBuilder(Csv.row(columns));
        boolean found = false;
        for (Csv.Row row : rows.subList(1, rows.size())) {
            Map<String, String> record = new LinkedHashMap<>();
            for (int i = 0; i < columns.size(); i++) {
                if (!row.cells().get(i).isEmpty()) {
                    record.put(columns.get(i), row.cells().get(i));
                }
            }
            if (!type.equals(record.get("type")) || !Long.toString(seq).equals(record.get("seq"))) {
                out.append(Csv.row(row.cells()));
                continue;
            }
            found = true;
            for (Map<String, String> replacement : replace.apply(record)) {
                List<String> cells = new ArrayList<>();
                for (String column : columns) {
                    cells.add(replacement.getOrDefault(column, ""));
                }
                out.append(Csv.row(cells));
            }
        }
        requireFound(found, type, seq);
        return out.toString();
    }

    private static void requireFound(boolean found, String type, long seq) {
        if (!found) {
            throw new IllegalArgumentException("no " + type + " record at seq " + seq);
        }
    }
}
