package org.liaison.client.audit;

import java.io.IOException;
import java.io.Reader;
import java.util.ArrayList;
import java.util.List;

/**
 * Comma-separated values as RFC 4180 writes them: fields separated by commas, records ended by
 * CRLF, a field holding a comma, a double quote, CR or LF enclosed in double quotes with its
 * double quotes doubled. The reader also accepts records ended by a bare LF, and keeps line breaks
 * inside quoted fields exactly.
 */
final class Csv {

    /** One record of a file, numbered from 1. */
    record Row(int number, List<String> cells) {
    }

    private Csv() {
    }

    /** One record, CRLF included. */
    static String row(List<String> cells) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < cells.size(); i++) {
            if (i > 0) {
                out.append(',');
            }
            String cell = cells.get(i);
            if (cell.indexOf(',') >= 0 || cell.indexOf('"') >= 0 || cell.indexOf('\r') >= 0
                    || cell.indexOf('\n') >= 0) {
                out.append('"').append(cell.replace("\"", "\"\"")).append('"');
            } else {
                out.append(cell);
            }
        }
        return out.append("\r\n").toString();
    }

    /**
     * Every record of {@code in}; a final line break does not start an empty record.
     *
     * @throws IllegalArgumentException naming the record at a quote out of place or an unclosed
     *         quoted field
     */
    static List<Row> parse(Reader in) throws IOException {
        List<Row> rows = new ArrayList<>();
        List<String> cells = new ArrayList<>();
        StringBuilder cell = new StringBuilder();
        boolean quoted = false;
        boolean afterQuote = false;
        boolean recordStarted = false;
        int c;
        while ((c = in.read()) != -1) {
            char ch = (char) c;
            if (quoted) {
                if (ch == '"') {
                    quoted = false;
                    afterQuote = true;
                } else {
                    cell.append(ch);
                }
                continue;
            }
            if (ch == '"') {
                if (afterQuote) {
                    // A doubled quote inside a quoted field.
                    cell.append('"');
                    quoted = true;
                    afterQuote = false;
                } else if (cell.length() == 0) {
                    quoted = true;
                    recordStarted = true;
                } else {
                    throw new IllegalArgumentException("row " + (rows.size() + 1)
                            + ": a double quote inside an unquoted field");
                }
                continue;
            }
            if (ch == ',') {
                cells.add(cell.toString());
                cell.setLength(0);
                afterQuote = false;
                recordStarted = true;
            } else if (ch == '\n' || ch == '\r') {
                if (recordStarted || cell.length() > 0 || afterQuote) {
                    cells.add(cell.toString());
                    rows.add(new Row(rows.size() + 1, List.copyOf(cells)));
                }
                cells.clear();
                cell.setLength(0);
                afterQuote = false;
                recordStarted = false;
            } else {
                if (afterQuote) {
                    throw new IllegalArgumentException("row " + (rows.size() + 1)
                            + ": text after the closing quote of a field");
                }
                cell.append(ch);
                recordStarted = true;
            }
        }
        if (quoted) {
            throw new IllegalArgumentException("row " + (rows.size() + 1) + ": a quoted field is not closed");
        }
        if (recordStarted || cell.length() > 0 || afterQuote) {
            cells.add(cell.toString());
            rows.add(new Row(rows.size() + 1, List.copyOf(cells)));
        }
        return rows;
    }
}
