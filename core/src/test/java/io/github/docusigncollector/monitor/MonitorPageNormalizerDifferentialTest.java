package io.github.docusigncollector.monitor;

import java.io.IOException;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;

/**
 * The scanner-based normalizer against the Jackson one on generated answers: valid pages and
 * mutations of them (see {@link Differential} for the oracle).
 */
class MonitorPageNormalizerDifferentialTest {

  @Provide
  Arbitrary<MonitorPages.Page> validPages() {
    return Arbitraries.randomValue(r -> MonitorPages.valid(r, 8));
  }

  @Provide
  Arbitrary<MonitorPages.Page> mutatedPages() {
    return Arbitraries.randomValue(r -> MonitorPages.mutated(r, 4));
  }

  @Property(tries = 1000)
  void validPagesGiveTheSameLines(@ForAll("validPages") MonitorPages.Page page) {
    Differential.Verdict v = Differential.check(page);
    Statistics.label("verdict").collect(v);
    Statistics.label("valid").collect(Differential.isOneJsonValue(page.body()));
  }

  @Property(tries = 3000)
  void mutatedPagesAreRejectedOrGiveTheSameLines(@ForAll("mutatedPages") MonitorPages.Page page) {
    Statistics.label("verdict").collect(Differential.check(page));
  }

  @Property(tries = 200)
  void anAnswerInsideALongerArrayReadsTheSame(
      @ForAll("mutatedPages") MonitorPages.Page page, @ForAll byte fill) throws IOException {
    Differential.checkInside(page.body(), page.delivered(), fill);
  }
}
