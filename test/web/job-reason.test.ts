import { describe, expect, it } from "vitest";

/** The page's own module (plain JavaScript, as the browser loads it). */
const FORMAT = "../../src/web/format.js";
const { jobReasonText } = (await import(FORMAT)) as { jobReasonText: (reason: string | null) => string };

describe("a job run's reason on the page", () => {
  it("says a run was interrupted and names the process that ended", () => {
    expect(jobReasonText("interrupted: process 4321 ended")).toBe("中断：进程 4321 已结束");
    expect(jobReasonText("interrupted: process 7 on box not heard of for over 24 h")).toBe(
      "中断：box 上的进程 7 超过 24 小时无音讯",
    );
    expect(jobReasonText("interrupted: no process recorded")).toBe("中断：未记录进程");
    expect(jobReasonText("interrupted")).toBe("中断");
    expect(jobReasonText("offline")).toBe("离线（无法连接行情源）");
  });
});
