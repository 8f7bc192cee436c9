package org.liaison.markings;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.liaison.proto.v1.Classification;
import org.liaison.proto.v1.Precedence;

/**
 * The rules of markings (docs/markings.md), the same for the server, the client and the PKI tool:
 * which classification is higher, who may see a marked message, what a well-formed marking is,
 * and how it is shown.
 *
 * <p>An officer may see a message when their clearance is at or above its classification and
 * their nation is releasable (or it is releasable to all).
 */
public final class Markings {
  private static final Pattern NATION = Pattern.compile("[A-Z]{2}");
  /** Most nations one marking may name. */
  public static final int MAX_NATIONS = 64;

  /** UNCLASSIFIED, releasable to all, ROUTINE: what a channel uses when it says nothing. */
  public static final org.liaison.proto.v1.Markings DEFAULT = org.liaison.proto.v1.Markings
      .newBuilder()
      .setClassification(Classification.CLASSIFICATION_UNCLASSIFIED)
      .setReleasableToAll(true)
      .setPrecedence(Precedence.PRECEDENCE_ROUTINE)
      .build();

  private Markings() {}

  /** Whether {@code clearance} is at or above {@code classification}. */
  public static boolean clearedFor(Classification clearance, Classification classification) {
    return rank(clearance) >= rank(classification);
  }

  /** Whether an officer of {@code nation} with {@code clearance} may see what is marked so. */
  public static boolean maySee(org.liaison.proto.v1.Markings markings, String nation,
      Classification clearance) {
    return clearedFor(clearance, markings.getClassification())
        && (markings.getReleasableToAll() || markings.getReleasableToList().contains(nation));
  }

  /** 1 (UNCLASSIFIED) to 4 (SECRET); 0 for unspecified or unknown values. */
  public static int rank(Classification classification) {
    return switch (classification) {
      case CLASSIFICATION_UNCLASSIFIED -> 1;
      case CLASSIFICATION_RESTRICTED -> 2;
      case CLASSIFICATION_CONFIDENTIAL -> 3;
      case CLASSIFICATION_SECRET -> 4;
      default -> 0;
    };
  }

  /**
   * Checks that a marking is complete and canonical: a classification and a precedence, and
   * either releasable to all (no nations listed) or to 1-{@value #MAX_NATIONS} nations of two
   * capital letters, sorted, without duplicates.
   *
   * @return empty when it is, else why not (one line)
   */
  public static Optional<String> problem(org.liaison.proto.v1.Markings markings) {
    if (rank(markings.getClassification()) == 0) {
      return Optional.of("the markings have no classification");
    }
    if (precedenceRank(markings.getPrecedence()) == 0) {
      return Optional.of("the markings have no precedence");
    }
    List<String> nations = markings.getReleasableToList();
    if (markings.getReleasableToAll()) {
      return nations.isEmpty() ? Optional.empty()
          : Optional.of("markings releasable to all must not also list nations");
    }
    if (nations.isEmpty()) {
      return Optional.of("the markings are releasable to no nation");
    }
    if (nations.size() > MAX_NATIONS) {
      return Optional.of("the markings name more than " + MAX_NATIONS + " nations");
    }
    for (int i = 0; i < nations.size(); i++) {
      if (!NATION.matcher(nations.get(i)).matches()) {
        return Optional.of("not a nation (two capital letters): " + nations.get(i));
      }
      if (i > 0 && nations.get(i - 1).compareTo(nations.get(i)) >= 0) {
        return Optional.of("the releasable nations must be sorted, without duplicates");
      }
    }
    return Optional.empty();
  }

  /** 1 (ROUTINE) to 4 (FLASH); 0 for unspecified or unknown values. */
  public static int precedenceRank(Precedence precedence) {
    return switch (precedence) {
      case PRECEDENCE_ROUTINE -> 1;
      case PRECEDENCE_PRIORITY -> 2;
      case PRECEDENCE_IMMEDIATE -> 3;
      case PRECEDENCE_FLASH -> 4;
      default -> 0;
    };
  }

  /**
   * The marking as a banner: {@code RESTRICTED // REL FR, MA // FLASH}; releasable to all is
   * {@code REL ALL}, and a ROUTINE precedence is left out.
   */
  public static String banner(org.liaison.proto.v1.Markings markings) {
    StringBuilder banner = new StringBuilder(name(markings.getClassification()));
    banner.append(" // REL ").append(markings.getReleasableToAll() ? "ALL"
        : String.join(", ", markings.getReleasableToList()));
    if (precedenceRank(markings.getPrecedence()) > 1) {
      banner.append(" // ").append(name(markings.getPrecedence()));
    }
    return banner.toString();
  }

  /** The name of a classification without its prefix: {@code SECRET}. */
  public static String name(Classification classification) {
    return classification.name().replace("CLASSIFICATION_", "");
  }

  /** The name of a precedence without its prefix: {@code FLASH}. */
  public static String name(Precedence precedence) {
    return precedence.name().replace("PRECEDENCE_", "");
  }

  /** The classification named (upper case, without prefix), if any. */
  public static Optional<Classification> classification(String name) {
    for (Classification c : Classification.values()) {
      if (c != Classification.UNRECOGNIZED && rank(c) > 0 && name(c).equals(name)) {
        return Optional.of(c);
      }
    }
    return Optional.empty();
  }

  /** The precedence named (case-insensitive, without prefix). */
  public static Precedence precedence(String name) {
    String upper = name.toUpperCase(Locale.ROOT);
    for (Precedence p : Precedence.values()) {
      if (p != Precedence.UNRECOGNIZED && precedenceRank(p) > 0 && name(p).equals(upper)) {
        return p;
      }
    }
    throw new IllegalArgumentException("not a precedence: " + name
        + " (ROUTINE, PRIORITY, IMMEDIATE or FLASH)");
  }

  /**
   * A marking from its parts: {@code releasable} is {@code ALL} or nations ("FR,MA", any case
   * and order, spaces allowed), canonicalised.
   *
   * @throws IllegalArgumentException naming what is wrong
   */
  public static org.liaison.proto.v1.Markings of(Classification classification, String releasable,
      Precedence precedence) {
    org.liaison.proto.v1.Markings.Builder markings = org.liaison.proto.v1.Markings.newBuilder()
        .setClassification(classification).setPrecedence(precedence);
    if (releasable.strip().equalsIgnoreCase("ALL")) {
      markings.setReleasableToAll(true);
    } else {
      markings.addAllReleasableTo(nations(List.of(releasable.split(","))));
    }
    org.liaison.proto.v1.Markings built = markings.build();
    problem(built).ifPresent(p -> {
      throw new IllegalArgumentException(p);
    });
    return built;
  }

  /** Nations upper-cased, stripped, sorted and without duplicates. */
  public static List<String> nations(Collection<String> nations) {
    TreeSet<String> sorted = new TreeSet<>();
    for (String nation : nations) {
      String n = nation.strip().toUpperCase(Locale.ROOT);
      if (!n.isEmpty()) {
        sorted.add(n);
      }
    }
    return new ArrayList<>(sorted);
  }
}
