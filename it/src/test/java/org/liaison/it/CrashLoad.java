package org.liaison.it;

import static org.awaitility.Awaitility.await;

import com.google.protobuf.InvalidProtocolBufferException;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.liaison.audit.AuditVerifier;
import org.liaison.certs.Pem;
import org.liaison.client.ClientProfile;
import org.liaison.proto.v1.ChannelEvent;
import org.liaison.proto.v1.TaskPriority;
import org.liaison.proto.v1.TaskTransition;
import org.liaison.server.audit.AuditRepository;
import org.liaison.server.storage.Database;

/**
 * Crash cycles under load against a server child process: concurrent senders and task changes,
 * SIGKILL at a random moment, restart on the same data directory. The generator keeps its own
 * record of what the server acknowledged (a message's or task step's sequence number, answered
 * only once durable) and of what each member device received and had confirmed as acknowledged.
 * {@link #finish} then checks, on a last restart, that every acknowledged event is stored where it
 * was acknowledged, was received by every member device, was never pushed again to a device after
 * its acknowledgement was confirmed, and that the audit log verifies.
 */
final class CrashLoad {
  static final List<String> MEMBERS = List.of(Officers.CLAIRE, Officers.KARIM, Officers.JAVIER);
  private static final int IN_FLIGHT = 16;

  /** What a run found: losses and duplicates must both be empty. */
  record Result(int cycles, int eventsAcknowledged, List<String> losses, List<String> duplicates,
      int auditFailures) {
    String summary() {
      return "crash cycles: " + cycles + ", events acknowledged (messages and task steps): "
          + eventsAcknowledged + ", losses: " + losses.size() + ", duplicate deliveries: "
          + duplicates.size() + ", audit log: "
          + (auditFailures == 0 ? "verified" : auditFailures + " failure(s)");
    }
  }

  private final TestPki pki;
  private final Path dataDir;
  private final Random random;
  /** Acknowledged by the server: sequence number -> what it must be (message id or task step). */
  private final Map<Long, String> acknowledged = new ConcurrentHashMap<>();
  /** Per officer: the sequence numbers their device received, and how far its ack was confirmed. */
  private final Map<String, Set<Long>> received = new ConcurrentHashMap<>();
  private final Map<String, Long> confirmed = new ConcurrentHashMap<>();
  private final List<String> duplicates = java.util.Collections.synchronizedList(new ArrayList<>());
  private String channel;
  private int cycles;

  CrashLoad(TestPki pki, Path dataDir, long seed) {
    this.pki = pki;
    this.dataDir = dataDir;
    this.random = new Random(seed);
    MEMBERS.forEach(officer -> received.put(officer, ConcurrentHashMap.newKeySet()));
  }

  /** One cycle: start, connect, load, SIGKILL at a random moment after some acknowledgements. */
  void cycle() throws Exception {
    try (ServerProcess server = ServerProcess.start(pki, dataDir)) {
      List<Participant> devices = connect(server.port());
      try {
        if (channel == null) {
          channel = LibraryClients.channel(devices.get(0), "crash", Officers.KARIM,
              Officers.JAVIER);
        }
        for (int i = 0; i < devices.size(); i++) {
          receive(MEMBERS.get(i), devices.get(i));
        }
        AtomicBoolean running = new AtomicBoolean(true);
        AtomicInteger acksThisCycle = new AtomicInteger();
        List<Thread> load = List.of(
            senderThread(devices.get(0), running, acksThisCycle),
            senderThread(devices.get(1), running, acksThisCycle),
            taskThread(devices.get(0), devices.get(1), running, acksThisCycle));
        load.forEach(Thread::start);
        await("acknowledgements before the kill").atMost(Duration.ofSeconds(60))
            .until(() -> acksThisCycle.get() >= 5);
        // The random moment: somewhere in the next 0-800 ms of load.
        ScheduledExecutorService killer = Executors.newSingleThreadScheduledExecutor();
        try {
          killer.schedule(() -> server.process().destroyForcibly(), random.nextInt(800),
              TimeUnit.MILLISECONDS);
          server.process().waitFor(60, TimeUnit.SECONDS);
        } finally {
          killer.shutdownNow();
        }
        running.set(false);
        for (Thread thread : load) {
          thread.join(TimeUnit.SECONDS.toMillis(60));
        }
      } finally {
        devices.forEach(Participant::close);
      }
    }
    cycles++;
  }

  /** A last restart: every device syncs, then the generator's record is checked. */
  Result finish() throws Exception {
    List<String> losses = new ArrayList<>();
    try (ServerProcess server = ServerProcess.start(pki, dataDir)) {
      List<Participant> devices = connect(server.port());
      try {
        for (int i = 0; i < devices.size(); i++) {
          receive(MEMBERS.get(i), devices.get(i));
          devices.get(i).messages().sync().get(120, TimeUnit.SECONDS);
        }
        Map<Long, ChannelEvent> stored = history(devices.get(0));
        for (var entry : new TreeMap<>(acknowledged).entrySet()) {
          ChannelEvent event = stored.get(entry.getKey());
          if (event == null || !describe(event).equals(entry.getValue())) {
            losses.add("#" + entry.getKey() + " (" + entry.getValue() + ") stored as "
                + (event == null ? "nothing" : describe(event)));
          }
          for (String officer : MEMBERS) {
            if (!received.get(officer).contains(entry.getKey())) {
              losses.add("#" + entry.getKey() + " never reached " + officer);
            }
          }
        }
      } finally {
        devices.forEach(Participant::close);
      }
    }
    int auditFailures;
    try (Connection c = Database.openReadOnly(dataDir)) {
      auditFailures = new AuditRepository().verify(c, new AuditVerifier(List.of(
          Pem.readCertificates(pki.dev().auditCertificate()).get(0)))).failures().size();
    }
    return new Result(cycles, acknowledged.size(), losses, List.copyOf(duplicates),
        auditFailures);
  }

  private List<Participant> connect(int port) throws Exception {
    List<Participant> devices = new ArrayList<>();
    for (String officer : MEMBERS) {
      ClientProfile profile = ClientProfile.load(pki.profile(officer))
          .withServer(LiaisonServerExtension.HOST, port);
      devices.add(Participant.connect(profile, false));
    }
    return devices;
  }

  /** Records what the device receives and acknowledges each event, keeping confirmed cursors. */
  private void receive(String officer, Participant device) {
    device.messages().onEvent(event -> {
      if (!event.getChannelId().equals(channel)) {
        return;
      }
      boolean again = !received.get(officer).add(event.getSeq());
      if (again && event.getSeq() <= confirmed.getOrDefault(officer, 0L)) {
        duplicates.add(officer + " was pushed #" + event.getSeq()
            + " again after its acknowledgement was confirmed");
      }
      device.messages().ack(channel, event.getSeq(), false).thenAccept(acked ->
          confirmed.merge(officer, acked.getDeliveredSeq(), Math::max));
    });
    device.messages().sync();
  }

  private Thread senderThread(Participant sender, AtomicBoolean running, AtomicInteger acks) {
    return new Thread(() -> {
      Semaphore inFlight = new Semaphore(IN_FLIGHT);
      int i = 0;
      while (running.get() && sender.client().isOpen()) {
        if (!acquire(inFlight)) {
          continue;
        }
        sender.messages().sendText(channel, "cycle " + cycles + " message " + i++)
            .whenComplete((sent, failure) -> {
              inFlight.release();
              if (failure == null) {
                acknowledged.put(sent.accepted().getSeq(),
                    "message " + sent.accepted().getMessageId());
                acks.incrementAndGet();
              }
            });
      }
    }, "crash-sender");
  }

  private Thread taskThread(Participant supervisor, Participant assignee, AtomicBoolean running,
      AtomicInteger acks) {
    return new Thread(() -> {
      int i = 0;
      while (running.get() && supervisor.client().isOpen() && assignee.client().isOpen()) {
        try {
          var created = supervisor.tasks().create(channel, "cycle " + cycles + " task " + i++, "",
              Officers.KARIM, TaskPriority.TASK_PRIORITY_NORMAL, Optional.empty(),
              Optional.empty()).get(30, TimeUnit.SECONDS);
          acknowledged.put(created.getSeq(), "task " + created.getTaskId() + " step 0");
          acks.incrementAndGet();
          var ack = assignee.tasks().ack(created.getTaskId()).get(30, TimeUnit.SECONDS);
          acknowledged.put(ack.getSeq(), "task " + ack.getTaskId() + " step " + ack.getIndex());
          acks.incrementAndGet();
        } catch (Exception e) {
          // The server was killed mid-request: only what was answered counts.
          return;
        }
      }
    }, "crash-tasks");
  }

  private static boolean acquire(Semaphore semaphore) {
    try {
      return semaphore.tryAcquire(100, TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /** The whole channel as stored, by sequence number. */
  private Map<Long, ChannelEvent> history(Participant viewer) throws Exception {
    Map<Long, ChannelEvent> events = new TreeMap<>();
    long before = 0;
    while (true) {
      var page = viewer.messages().history(channel, before, 500).get(60, TimeUnit.SECONDS);
      page.getEventsList().forEach(event -> events.put(event.getSeq(), event));
      if (!page.getMore() || page.getEventsCount() == 0) {
        return events;
      }
      before = page.getEvents(0).getSeq();
    }
  }

  private static String describe(ChannelEvent event) {
    if (event.hasMessage()) {
      return "message " + event.getMessage().getHeader().getMessageId();
    }
    if (event.hasTask()) {
      try {
        TaskTransition t = TaskTransition.parseFrom(event.getTask().getTransition()
            .getTransition());
        return "task " + t.getTaskId() + " step " + t.getIndex();
      } catch (InvalidProtocolBufferException e) {
        return "unreadable task step";
      }
    }
    return event.getKindCase().name();
  }
}
