package io.github.docusigncollector.config;

import java.util.Optional;

/** The known key a mistyped one was probably meant to be: the nearest by edit distance. */
public final class KeySuggestion {

  private KeySuggestion() {}

  /**
   * The name among {@code known} nearest to {@code key} if it is at most {@code maxEdits}
   * insertions, deletions or substitutions away; the first such name on a tie.
   */
  public static Optional<String> closest(String key, Iterable<String> known, int maxEdits) {
    String best = null;
    int bestDistance = maxEdits + 1;
    for (String name : known) {
      int d = distance(key, name);
      if (d < bestDistance) {
        best = name;
        bestDistance = d;
      }
    }
    return Optional.ofNullable(best);
  }

  /** Levenshtein distance, two rows at a time. */
  static int distance(String a, String b) {
    int[] prev = new int[b.length() + 1];
    int[] cur = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      prev[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      cur[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
      }
      int[] t = prev;
      prev = cur;
      cur = t;
    }
    return prev[b.length()];
  }
}
