package org.liaison.client.audit;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.file.Path;
import java.util.Locale;

/**
 * The two file formats of an {@link AuditExport} (docs/audit.md, "Export formats"): JSON lines and
 * CSV. Both carry the same records: an {@code export} header, one {@code entry} or
 * {@code redacted} record per entry from 1, and the {@code checkpoint} that covers them, last.
 * Hashes are lowercase hex, signatures and certificates base64, times milliseconds since the epoch
 * with an ISO-8601 copy that must agree.
 */
public enum AuditExportFormat {

    /** One JSON object per line (UTF-8, LF). */
    JSONL {
        @Override
        public void write(AuditExport export, Writer out) throws IOException {
            JsonLinesExport.write(export, out);
        }

        @Override
        public AuditExport read(Reader in) throws IOException {
            return JsonLinesExport.read(in);
        }
    },

    /** RFC 4180 CSV (UTF-8, CRLF) with a column header row and a {@code type} column. */
    CSV {
        @Override
        public void write(AuditExport export, Writer out) throws IOException {
            CsvExport.write(export, out);
        }

        @Override
        public AuditExport read(Reader in) throws IOException {
            return CsvExport.read(in);
        }
    };

    /** Writes {@code export} in this format. */
    public abstract void write(AuditExport export, Writer out) throws IOException;

    /**
     * Reads an export in this format. Nothing is verified yet (see {@link ExportVerifier}).
     *
     * @throws AuditExportException naming the line or row that does not parse
     */
    public abstract AuditExport read(Reader in) throws IOException;

    /** The format a file's name asks for: {@link #CSV} for {@code .csv}, else {@link #JSONL}. */
    public static AuditExportFormat forFileName(Path file) {
        String name = file.getFileName() == null ? "" : file.getFileName().toString().toLowerCase(Locale.ROOT);
        return name.endsWith(".csv") ? CSV : JSONL;
    }

    /**
     * Reads an export in whichever format it is: JSON lines start with {@code {}, CSV with its
     * column header row.
     *
     * @throws AuditExportException as {@link #read}
     */
    public static AuditExport readAny(Reader in) throws IOException {
        BufferedReader buffered = new BufferedReader(in);
        buffered.mark(1);
        int first = buffered.read();
        // A byte order mark some editors add is not part of either format.
        if (first != '\uFEFF') {
            buffered.reset();
        } else {
            buffered.mark(1);
            first = buffered.read();
            buffered.reset();
        }
        return first == '{' ? JSONL.read(buffered) : CSV.read(buffered);
    }
}
