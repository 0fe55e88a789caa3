// Provider families are chosen by recipient domain, then remote host, then reporting host, and each
// decides only from its own documented texts and codes.
import { describe, expect, it } from "vitest";
import { rhostFamilyOf, rhostReason, type RhostFact } from "../../src/core/decode/rhost/index.js";

const fact = (over: Partial<RhostFact>): RhostFact => ({
  destination: "example.org", remoteHost: "", reportingHost: "", status: "", replyCode: "", diagnostic: "", ...over,
});

describe("rhost families", () => {
  it("chooses a family by recipient domain, remote host, then reporting host", () => {
    expect(rhostFamilyOf(fact({ destination: "ezweb.ne.jp" }))?.name).toBe("kddi");
    expect(rhostFamilyOf(fact({ remoteHost: "mx1.example.mail.protection.outlook.com" }))?.name).toBe("microsoft");
    expect(rhostFamilyOf(fact({ reportingHost: "googlemail.com" }))?.name).toBe("gsuite");
    expect(rhostFamilyOf(fact({ destination: "com" }))).toBeUndefined();
    expect(rhostFamilyOf(fact({ remoteHost: "notorange.fr.example.net" }))).toBeUndefined();
  });

  it("reads provider error labels and numbers", () => {
    const orange = { destination: "orange.fr" };
    expect(rhostReason(fact({ ...orange, diagnostic: "550 5.5.0 Invalid recipient. LPN007_416" }))).toBe("userunknown");
    expect(rhostReason(fact({ ...orange, diagnostic: "550 5.2.0 Mail rejete. Mail rejected. OFR_506 [506]" }))).toBe("spamdetected");
    expect(rhostReason(fact({ destination: "cox.net", diagnostic: "550 sender rejected. AUP#CXBL" }))).toBe("blocked");
    expect(rhostReason(fact({ destination: "charter.net", diagnostic: "550 5.1.0 rejected AUP#In-1310" }))).toBe("toomanyconn");
    expect(rhostReason(fact({ destination: "charter.net", diagnostic: "550 5.1.0 rejected AUP#In-13" }))).toBe("");
    expect(rhostReason(fact({ destination: "facebook.com", diagnostic: "550 5.1.1 RCP-P1 https://www.facebook.com/postmaster/response_codes?ip=192.0.2.1#rcp Refused due to recipient does not exist" }))).toBe("userunknown");
    expect(rhostReason(fact({ remoteHost: "p3plibsmtp01.prod.phx3.secureserver.net", diagnostic: "554 p3plibsmtp01 bizsmtp IB110 This IP has been temporarily blocked" }))).toBe("blocked");
    expect(rhostReason(fact({ remoteHost: "mail1.bemta.az-b.us-west-2.aws.messagelabs.com", diagnostic: "553 Sorry, your email address has been blocked" }))).toBe("rejected");
  });

  it("weighs status and reply code where the provider's text alone is ambiguous", () => {
    const google = { reportingHost: "googlemail.com", diagnostic: "DNS type 'mx' lookup of example.jp responded with code NXDOMAIN" };
    expect(rhostReason(fact({ ...google, status: "4.0.0" }))).toBe("networkerror");
    expect(rhostReason(fact({ ...google, status: "5.1.2", replyCode: "550" }))).toBe("hostunknown");
    const microsoft = { remoteHost: "x.prod.protection.outlook.com", diagnostic: "550 5.4.1 Recipient address rejected: Access denied" };
    expect(rhostReason(fact({ ...microsoft, status: "5.4.1" }))).toBe("userunknown");
    expect(rhostReason(fact({ ...microsoft, status: "5.7.1" }))).toBe("");
  });
});
