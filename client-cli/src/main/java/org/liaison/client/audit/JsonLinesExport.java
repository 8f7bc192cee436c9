package org.liaison.client.audit;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.security.cert.X509Certificate;
import java.util.Map;
import org.liaison.audit.AuditEntry;
import org.liaison.audit.ChainedEntry;
import org.liaison.audit.RedactedEntry;

/**
 * An {@link AuditExport} as JSON lines: one object per line, {@code "type"} first. Read strictly:
 * a duplicated key, trailing text after the object or a field its type does not have is refused,
 * so that no two readers can see different values in the same line.
 */
final class JsonLinesExport {

    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private JsonLinesExport() {
    }

    static void write(AuditExport export, Writer out) throws IOException {
        line(out, header(export.header()));
        for (ChainedEntry entry : export.entries()) {
            line(out, entry instanceof AuditEntry whole ? entry(whole) : redacted((RedactedEntry) entry));
        }
        line(out, AuditFields.putCheckpoint(JSON.createObjectNode().put("type", ExportRecords.CHECKPOINT),
                export.checkpoint()));
        out.flush();
    }

    private static ObjectNode header(ExportHeader header) {
        ObjectNode node = JSON.createObjectNode()
                .put("type", ExportRecords.EXPORT)
                .put("format", ExportHeader.FORMAT)
                .put("exported_by", header.exportedBy())
                .put("exported_at", header.exportedAt().toString())
                .put("server", header.server());
        ObjectNode filters = node.putObject("filters");
        for (Map.Entry<String, String> filter : header.filter().fields().entrySet()) {
            filters.put(filter.getKey(), filter.getValue());
        }
        ArrayNode chain = node.putArray("audit_certificate_chain");
        for (X509Certificate certificate : header.certificateChain()) {
            chain.add(AuditFields.base64(CertificateEncoding.der(certificate)));
        }
        return node;
    }

    private static ObjectNode entry(AuditEntry entry) {
        return JSON.createObjectNode()
                .put("type", ExportRecords.ENTRY)
                .put("seq", entry.seq())
                .put("time_ms", entry.timeMs())
                .put("time", AuditFields.instant(entry.timeMs()))
                .put("actor", entry.actor())
                .put("action", entry.action())
                .put("channel", entry.channel())
                .put("target", entry.target())
                .put("details", entry.details())
                .put("prev_hash", AuditFields.hex(entry.prevHash()))
                .put("entry_hash", AuditFields.hex(entry.entryHash()));
    }

    private static ObjectNode redacted(RedactedEntry entry) {
        return JSON.createObjectNode()
                .put("type", ExportRecords.REDACTED)
                .put("seq", entry.seq())
                .put("prev_hash", AuditFields.hex(entry.prevHash()))
                .put("content_hash", AuditFields.hex(entry.contentHash()))
                .put("entry_hash", AuditFields.hex(entry.entryHash()));
    }

    private static void line(Writer out, ObjectNode node) throws IOException {
        out.write(JSON.writeValueAsString(node));
        out.write('\n');
    }

    static AuditExport read(Reader in) throws IOException {
        BufferedReader lines = in instanceof BufferedReader buffered ? buffered : new BufferedReader(in);
        ExportRecords.Assembler assembler = new ExportRecords.Assembler("line");
        String line;
        int number = 0;
        while ((line = lines.readLine()) != null) {
            number++;
            if (line.isBlank()) {
                continue;
            }
            JsonNode node;
            try {
                node = JSON.readTree(line);
            } catch (JsonProcessingException e) {
                throw new AuditExportException("line " + number + ": not JSON (" + e.getOriginalMessage() + ")", e);
            }
            if (node == null || !node.isObject()) {
                throw new AuditExportException("line " + number + ": not a JSON object");
            }
            assembler.add(AuditRow.of(node), number);
        }
        return assembler.finish();
    }
}
