package org.liaison.cli;

import java.util.ArrayList;
import java.util.List;
import org.liaison.audit.AuditEntry;
import org.liaison.client.Audit;
import org.liaison.client.LiaisonClient;
import org.liaison.client.audit.AuditFilter;
import org.liaison.client.audit.AuditRecords;
import org.liaison.proto.v1.AuditPage;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/** {@code liaison audit query}: one page of audit entries, as the server sends them. */
@Command(
        name = "query",
        mixinStandardHelpOptions = true,
        version = LiaisonCommand.VERSION,
        description = {
            "Auditors only: show one page of audit log entries matching every filter given, oldest first, one line "
                    + "each: seq, time (UTC), actor, action, channel, target and details.",
            "Shown as the server sends them, not verified: use 'liaison audit verify' for that. The query is itself "
                    + "written to the audit log."})
public final class AuditQueryCommand extends AuditCommand.AuditVerb {

    @Mixin
    AuditFilterOptions filters;

    @Option(names = "--after-seq", paramLabel = "SEQ", description = "Show entries after this sequence number "
            + "(to continue from a previous page).")
    long afterSeq;

    @Option(names = "--limit", paramLabel = "N", defaultValue = "100",
            description = "Most entries to show, 1-" + Audit.MAX_LIMIT + " (default: ${DEFAULT-VALUE}).")
    int limit;

    private AuditFilter filter;

    @Override
    protected void beforeConnect() {
        if (limit < 1 || limit > Audit.MAX_LIMIT) {
            throw new ParameterException(spec.commandLine(), "--limit must be 1-" + Audit.MAX_LIMIT + ", got " + limit);
        }
        if (afterSeq < 0) {
            throw new ParameterException(spec.commandLine(), "--after-seq must be a sequence number, got " + afterSeq);
        }
        filter = filters.filter(spec.commandLine(), clock.instant());
    }

    @Override
    protected int run(LiaisonClient client, CommandOutput output) throws Exception {
        AuditPage page = ProfileConnector.await(new Audit(client).query(filter.toQuery()
                .setAfterSeq(afterSeq).setLimit(limit).build()));
        List<AuditEntry> entries = page.getEntriesList().stream().map(AuditRecords::entry).toList();
        if (output.json()) {
            output.printJson(new AuditViews.PageView(entries.stream().map(AuditViews.EntryView::of).toList(),
                    page.getMore(), page.getLastSeq(), page.hasLatestCheckpoint()
                            ? AuditViews.CheckpointView.of(AuditRecords.checkpoint(page.getLatestCheckpoint()))
                            : null));
            return ExitCodes.SUCCESS;
        }
        if (entries.isEmpty()) {
            output.println("(no entry after #" + afterSeq + " matches; the log's newest entry is #"
                    + page.getLastSeq() + ")");
            return ExitCodes.SUCCESS;
        }
        output.println(AuditViews.HEADER);
        for (AuditEntry entry : entries) {
            output.println(AuditViews.line(entry));
        }
        if (page.getMore()) {
            List<String> args = new ArrayList<>(List.of("liaison", "audit", "query"));
            args.addAll(AuditFilterOptions.arguments(filter));
            if (limit != 100) {
                args.add("--limit " + limit);
            }
            args.add("--after-seq " + entries.get(entries.size() - 1).seq());
            output.println("(more: " + String.join(" ", args) + ")");
        }
        return ExitCodes.SUCCESS;
    }
}
