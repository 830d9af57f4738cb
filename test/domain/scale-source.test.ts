import { describe, expect, it } from "vitest";
import { addMonths, judgingScales, type ReportScale, sameBroker } from "../../src/domain/scaleSource.js";
import type { RatingScale } from "../../src/domain/types.js";
import { seedScale } from "../scoring/helpers/seed.js";

const SOOCHOW = seedScale("东吴证券");
const GUOLIAN = seedScale("国联证券");
const UNPARSED: RatingScale = { ...SOOCHOW, parsed: false, labels: [], horizonMonths: null, benchmarks: {} };

let nextId = 1;
function report(broker: string, date: string, scale: RatingScale | null): ReportScale {
  return { reportId: nextId++, broker: { id: broker }, date, scale };
}

/** The source each report's picks are judged by: [kind, lender's date] for the report given. */
function judged(reports: ReportScale[], who: ReportScale): [string, string | null, RatingScale | null] {
  const j = judgingScales(reports).get(who.reportId);
  if (!j) throw new Error("every report has a judging scale");
  return [j.source.kind, j.source.reportDate, j.scale];
}

describe("a report without a usable stock scale borrows its own broker's nearest one within 12 months", () => {
  it("keeps its own scale when it prints one", () => {
    const own = report("soochow", "2024-03-01", SOOCHOW);
    const other = report("soochow", "2024-02-28", SOOCHOW);
    expect(judged([own, other], own)).toEqual(["own", "2024-03-01", SOOCHOW]);
  });

  it("borrows from the nearer report, earlier or later", () => {
    const bare = report("soochow", "2024-03-01", null);
    const earlier = report("soochow", "2024-01-31", SOOCHOW); // 30 days before
    const later = report("soochow", "2024-04-10", SOOCHOW); // 40 days after
    expect(judged([bare, earlier, later], bare)).toEqual(["borrowed", "2024-01-31", SOOCHOW]);
    const nearLater = report("soochow", "2024-03-21", SOOCHOW); // 20 days after
    const all = [bare, earlier, later, nearLater];
    expect(judged(all, bare)).toEqual(["borrowed", "2024-03-21", SOOCHOW]);
    expect(judgingScales(all).get(bare.reportId)?.source.reportId).toBe(nearLater.reportId);
  });

  it("takes the earlier of two equally near reports", () => {
    const bare = report("soochow", "2024-03-01", null);
    const before = report("soochow", "2024-02-20", SOOCHOW); // 10 days before (2024 is a leap year)
    const after = report("soochow", "2024-03-11", SOOCHOW); // 10 days after
    expect(judged([after, bare, before], bare)[1]).toBe("2024-02-20");
    // Two the same day: the one stored first.
    const twin = report("soochow", "2024-02-20", SOOCHOW);
    expect(judgingScales([twin, bare, before, after]).get(bare.reportId)?.source.reportId).toBe(before.reportId);
  });

  it("borrows for a scale that was found but could not be parsed, and never lends one", () => {
    const unparsed = report("soochow", "2024-03-01", UNPARSED);
    const alsoUnparsed = report("soochow", "2024-03-02", UNPARSED);
    const printed = report("soochow", "2024-05-01", SOOCHOW);
    expect(judged([unparsed, alsoUnparsed, printed], unparsed)).toEqual(["borrowed", "2024-05-01", SOOCHOW]);
  });

  it("a borrowed scale is not lent on: only a printed one is", () => {
    const a = report("soochow", "2024-03-01", null);
    const b = report("soochow", "2024-03-02", null);
    expect(judged([a, b], a)).toEqual(["own", "2024-03-01", null]);
  });

  it("goes back or ahead 12 months at most (12 months exactly is still within)", () => {
    const bare = report("soochow", "2024-02-29", null);
    const exactly = report("soochow", "2023-02-28", SOOCHOW); // 2024-02-29 − 12 months, clamped
    expect(judged([bare, exactly], bare)).toEqual(["borrowed", "2023-02-28", SOOCHOW]);
    const tooEarly = report("soochow", "2023-02-27", SOOCHOW);
    const tooLate = report("soochow", "2025-03-01", SOOCHOW);
    expect(judged([bare, tooEarly, tooLate], bare)).toEqual(["own", "2024-02-29", null]);
    expect(judged([bare, report("soochow", "2025-02-28", SOOCHOW)], bare)[0]).toBe("borrowed");
  });

  it("never borrows another broker's scale, however near, nor lends between unknown brokers", () => {
    const bare = report("soochow", "2024-03-01", null);
    const otherBroker = report("guolian", "2024-03-01", GUOLIAN);
    expect(judged([bare, otherBroker], bare)).toEqual(["own", "2024-03-01", null]);
    const ownFar = report("soochow", "2023-06-01", SOOCHOW);
    expect(judged([bare, otherBroker, ownFar], bare)).toEqual(["borrowed", "2023-06-01", SOOCHOW]);
    const unknownBare = report("unknown", "2024-03-01", null);
    const unknownPrinted = report("unknown", "2024-03-01", GUOLIAN);
    expect(judged([unknownBare, unknownPrinted], unknownBare)).toEqual(["own", "2024-03-01", null]);
    expect(sameBroker({ id: "unknown" }, { id: "unknown" })).toBe(false);
    expect(sameBroker({ id: "soochow" }, { id: "soochow" })).toBe(true);
  });
});

describe("addMonths", () => {
  it("clamps to the month's end", () => {
    expect(addMonths("2024-02-29", -12)).toBe("2023-02-28");
    expect(addMonths("2024-02-29", 12)).toBe("2025-02-28");
    expect(addMonths("2023-08-31", 6)).toBe("2024-02-29");
    expect(addMonths("2024-01-15", -12)).toBe("2023-01-15");
  });
});

describe("the same broker under another of its names", () => {
  it("lends within the firm (安信证券 in 2023 borrows from 国投证券 later that year), never across firms", () => {
    const essence: ReportScale = {
      reportId: 9001,
      broker: { id: "essence", firm: "sdic" },
      date: "2023-06-01",
      scale: null,
    };
    const sdic: ReportScale = {
      reportId: 9002,
      broker: { id: "sdic", firm: "sdic" },
      date: "2023-09-01",
      scale: SOOCHOW,
    };
    const other: ReportScale = {
      reportId: 9003,
      broker: { id: "citic", firm: "citic" },
      date: "2023-06-02",
      scale: GUOLIAN,
    };
    const j = judgingScales([essence, sdic, other]).get(essence.reportId)!;
    expect(j.source).toMatchObject({ kind: "borrowed", reportId: 9002, reportDate: "2023-09-01" });
    expect(j.scale).toBe(SOOCHOW);
    expect(sameBroker(essence.broker, sdic.broker)).toBe(true);
    expect(sameBroker(essence.broker, other.broker)).toBe(false);
  });
});
