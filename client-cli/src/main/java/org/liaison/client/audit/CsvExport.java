package org.liaison.client.audit;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.liaison.audit.AuditEntry;
import org.liaison.audit.ChainedEntry;
import org.liaison.audit.Checkpoint;
import org.liaison.audit.RedactedEntry;

/**
 * An {@link AuditExport} as CSV: a column header row naming every field
 * ({@link ExportRecords#ALL_FIELDS}), then one row per record with its {@code type} and the cells of
 * the fields its type has; the other cells are empty, and must be. In the {@code export} row,
 * {@code filters} is {@code key=value} lines and {@code audit_certificate_chain} the base64
 * certificates separated by spaces.
 *
 * <p>Spreadsheets run a cell that starts with {@code = + - @}, a tab or a CR as a formula, and the
 * log holds text that clients chose (a client name, for instance). Such a cell, and one that starts
 * with {@code '}, is written with a leading {@code '}, which the reader removes: the file opens
 * safely and still reads back exactly.
 */
final class CsvExport {

    private static final Pattern INTEGER = Pattern.compile("-?[0-9]{1,19}");

    private CsvExport() {
    }

    static void write(AuditExport export, Writer out) throws IOException {
        out.write(Csv.row(ExportRecords.ALL_FIELDS));
        out.write(row(header(export.header())));
        for (ChainedEntry entry : export.entries()) {
            out.write(row(entry instanceof AuditEntry whole ? entry(whole) : redacted((RedactedEntry) entry)));
        }
        out.write(row(checkpoint(export.checkpoint())));
        out.flush();
    }

    private static Map<String, String> header(ExportHeader header) {
        Map<String, String> cells = new HashMap<>();
        cells.put("type", ExportRecords.EXPORT);
        cells.put("format", ExportHeader.FORMAT);
        cells.put("exported_by", header.exportedBy());
        cells.put("exported_at", header.exportedAt().toString());
        cells.put("server", header.server());
        cells.put("filters", header.filter().fields().entrySet().stream()
                .map(filter -> filter.getKey() + "=" + filter.getValue()).collect(Collectors.joining("\n")));
        cells.put("audit_certificate_chain", header.certificateChain().stream()
                .map(certificate -> AuditFields.base64(CertificateEncoding.der(certificate)))
                .collect(Collectors.joining(" ")));
        return cells;
    }

    private static Map<String, String> entry(AuditEntry entry) {
        Map<String, String> cells = new HashMap<>();
        cells.put("type", ExportRecords.ENTRY);
        cells.put("seq", Long.toString(entry.seq()));
        cells.put("time_ms", Long.toString(entry.timeMs()));
        cells.put("time", AuditFields.instant(entry.timeMs()));
        cells.put("actor", entry.actor());
        cells.put("action", entry.action());
        cells.put("channel", entry.channel());
        cells.put("target", entry.target());
        cells.put("details", entry.details());
        cells.put("prev_hash", AuditFields.hex(entry.prevHash()));
        cells.put("entry_hash", AuditFields.hex(entry.entryHash()));
        return cells;
    }

    private static Map<String, String> redacted(RedactedEntry entry) {
        Map<String, String> cells = new HashMap<>();
        cells.put("type", ExportRecords.REDACTED);
        cells.put("seq", Long.toString(entry.seq()));
        cells.put("prev_hash", AuditFields.hex(entry.prevHash()));
        cells.put("content_hash", AuditFields.hex(entry.contentHash()));
        cells.put("entry_hash", AuditFields.hex(entry.entryHash()));
        return cells;
    }

    private static Map<String, String> checkpoint(Checkpoint checkpoint) {
        Map<String, String> cells = new HashMap<>();
        cells.put("type", ExportRecords.CHECKPOINT);
        cells.put("seq", Long.toString(checkpoint.seq()));
        cells.put("entry_hash", AuditFields.hex(checkpoint.entryHash()));
        cells.put("time_ms", Long.toString(checkpoint.timeMs()));
        cells.put("time", AuditFields.instant(checkpoint.timeMs()));
        cells.put("signature", AuditFields.base64(checkpoint.signature()));
        cells.put("key_id", checkpoint.keyId());
        return cells;
    }

    private static String row(Map<String, String> cells) {
        List<String> row = new ArrayList<>();
        for (String field : ExportRecords.ALL_FIELDS) {
            row.add(defuse(cells.getOrDefault(field, "")));
        }
        return Csv.row(row);
    }

    private static String defuse(String cell) {
        if (!cell.isEmpty() && "=+-@\t\r'".indexOf(cell.charAt(0)) >= 0) {
            return "'" + cell;
        }
        return cell;
    }

    private static String restore(String cell) {
        return cell.startsWith("'") ? cell.substring(1) : cell;
    }

    static AuditExport read(Reader in) throws IOException {
        List<Csv.Row> rows;
        try {
            rows = Csv.parse(in);
        } catch (IllegalArgumentException e) {
            throw new AuditExportException("not CSV: " + e.getMessage(), e);
        }
        if (rows.isEmpty()) {
            throw new AuditExportException("not an audit export: the file is empty");
        }
        List<String> columns = rows.get(0).cells().stream().map(CsvExport::restore).toList();
        Set<String> missing = new LinkedHashSet<>(ExportRecords.ALL_FIELDS);
        columns.forEach(missing::remove);
        if (!missing.isEmpty() || columns.size() != new LinkedHashSet<>(columns).size()) {
            throw new AuditExportException("not an audit export: row 1 must name the columns "
                    + String.join(",", ExportRecords.ALL_FIELDS) + " once each");
        }
        ExportRecords.Assembler assembler = new ExportRecords.Assembler("row");
        for (Csv.Row row : rows.subList(1, rows.size())) {
            if (row.cells().size() != columns.size()) {
                throw new AuditExportException("row " + row.number() + ": " + row.cells().size() + " cells, not "
                        + columns.size());
            }
            Map<String, String> cells = new LinkedHashMap<>();
            for (int i = 0; i < columns.size(); i++) {
                cells.put(columns.get(i), restore(row.cells().get(i)));
            }
            assembler.add(new CsvRow(cells), row.number());
        }
        return assembler.finish();
    }

    /** A row's cells by column name. */
    private record CsvRow(Map<String, String> cells) implements AuditRow {

        @Override
        public Set<String> present() {
            Set<String> names = new LinkedHashSet<>();
            cells.forEach((name, value) -> {
                if (!value.isEmpty()) {
                    names.add(name);
                }
            });
            return names;
        }

        @Override
        public String text(String field) {
            return cells.getOrDefault(field, "");
        }

        @Override
        public long number(String field) {
            String value = text(field);
            if (!INTEGER.matcher(value).matches()) {
                throw new IllegalArgumentException(field + " is not an integer");
            }
            try {
                return Long.parseLong(value);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(field + " is out of range", e);
            }
        }

        @Override
        public List<String> list(String field) {
            String value = text(field);
            return value.isEmpty() ? List.of() : List.of(value.split(" ", -1));
        }

        @Override
        public Map<String, String> map(String field) {
            String value = text(field);
            Map<String, String> items = new LinkedHashMap<>();
            if (value.isEmpty()) {
                return items;
            }
            for (String line : value.split("\n", -1)) {
                int equals = line.indexOf('=');
                if (equals <= 0 || items.put(line.substring(0, equals), line.substring(equals + 1)) != null) {
                    throw new IllegalArgumentException(field + " must be distinct key=value lines");
                }
            }
            return items;
        }
    }
}
