package org.liaison.cli;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.liaison.client.Channels;
import org.liaison.proto.v1.ChannelEvent;
import org.liaison.proto.v1.ChannelKind;

/**
 * The names {@code listen} shows for channels: the caller's channels'
 * display names, fetched at start and fetched again (once per channel) when
 * an event names a channel not seen yet. Not thread-safe: used by the
 * command's own thread only.
 */
final class ChannelLabels {

    private final Channels channels;
    private final Map<String, String> names = new HashMap<>();
    private final Set<String> refreshedFor = new HashSet<>();

    ChannelLabels(Channels channels) {
        this.channels = channels;
    }

    /** Fetches the display names of all the caller's channels, archived ones included. */
    void refresh() throws Exception {
        names.putAll(ProfileConnector.await(channels.displayNames(true)));
    }

    /** The name to show for the event's channel; its id when no name can be found. */
    String nameOf(ChannelEvent event) throws Exception {
        String id = event.getChannelId();
        String name = names.get(id);
        if (name == null && refreshedFor.add(id)) {
            refresh();
            name = names.get(id);
        }
        if (name == null && event.hasCreated() && event.getCreated().getKind() == ChannelKind.CHANNEL_KIND_GROUP
                && !event.getCreated().getName().isEmpty()) {
            name = event.getCreated().getName();
            names.put(id, name);
        }
        return name == null ? id : name;
    }
}
