// The curated table of mail providers whose own messages say something about the person's account: which
// domains authenticate their notices (a DKIM pass the person's receiving server recorded), how a look-alike
// names them, and the wording of their notices about abnormal sending. A notice is believed only when it is
// authenticated (trace/receiving.ts); the same wording without that is a look-alike (scenarios README, Traces).
// Each row says where its wording comes from; the texts are short fragments, matched case-insensitively.

/** Which "what to do now" steps fit a provider (src/core/advice.ts). */
export type ProviderFamily = "microsoft365" | "google" | "hosting";

export interface Provider {
  id: string;
  family: ProviderFamily;
  /**
   * Domains whose DKIM pass authenticates the provider's notices (a subdomain counts too). Empty for the
   * general hosting row: there the person's own mailbox provider (the organisation of the servers that
   * deliver their mail) is the one that must have signed.
   */
  domains: readonly string[];
  /** How a sender claims to be this provider: in the From display name or the From/Return-Path domain. */
  brand: RegExp | null;
  /** Subjects or opening text of its notices about abnormal sending, restrictions or forced password changes. */
  notices: readonly RegExp[];
}

export const PROVIDERS: readonly Provider[] = [
  {
    // Microsoft 365 alert policies mail from Office365Alerts@microsoft.com: "User restricted from sending
    // email", "Suspicious email sending patterns detected", "Email sending limit exceeded" (Microsoft Defender
    // for Office 365, "Alert policies" and "Remove blocked users from the Restricted entities page").
    id: "microsoft365",
    family: "microsoft365",
    domains: ["microsoft.com", "microsoftonline.com", "office365.com"],
    brand: /micr[o0]s[o0]ft|office ?365|\bm365\b|outl[o0]{2}k|exchange online/i,
    notices: [
      /restricted from sending (?:e-?mail|mail)/i,
      /suspicious (?:e-?mail )?sending (?:patterns?|activity)/i,
      /e-?mail sending limit exceeded/i,
      /(?:メール|電子メール)の?送信(?:を|が)制限/,
    ],
  },
  {
    // Google Workspace alert center mail (from google.com): "User suspended due to suspicious activity",
    // "Gmail ... sending limit", a suspended account for spamming (Google Workspace Admin Help, "Alert center").
    id: "google",
    family: "google",
    domains: ["google.com"],
    brand: /g[o0]{2}g[l1]e|gmai[l1]/i,
    notices: [
      /(?:user|account) (?:has been )?suspended (?:due to|for) (?:suspicious activity|spam)/i,
      /suspicious (?:e-?mail )?sending/i,
      /(?:daily )?sending limit (?:exceeded|reached)/i,
      /送信(?:上限|制限)/,
    ],
  },
  {
    // Lolipop (GMO Pepabo) notices from lolipop.jp: メール送信件数の上限, 大量送信による送信停止 (lolipop.jp
    // terms "通信の制限").
    id: "lolipop",
    family: "hosting",
    domains: ["lolipop.jp"],
    brand: /l[o0]l[i1]p[o0]p|ロリポップ/i,
    notices: [/送信件数の上限/, /大量(?:の)?(?:メール)?送信/, /送信(?:を|が)?(?:一時)?(?:停止|制限)/, /不正(?:な)?送信/],
  },
  {
    // Xserver notices from xserver.ne.jp / xserver.jp: 送信数制限, 大量送信 (Xserver manual, mail specification).
    id: "xserver",
    family: "hosting",
    domains: ["xserver.ne.jp", "xserver.jp"],
    brand: /xserver|エックスサーバー/i,
    notices: [/送信数(?:の)?制限/, /大量(?:の)?(?:メール)?送信/, /送信(?:を|が)?(?:一時)?(?:停止|制限)/, /不正(?:な)?送信/],
  },
  {
    // Sakura Internet notices from sakura.ad.jp / sakura.ne.jp: 送信制限, 大量送信 (Sakura rental server help).
    id: "sakura",
    family: "hosting",
    domains: ["sakura.ad.jp", "sakura.ne.jp"],
    brand: /sakura ?internet|さくらインターネット|さくらのレンタルサーバ/i,
    notices: [/送信(?:数)?制限/, /大量(?:の)?(?:メール)?送信/, /送信(?:を|が)?(?:一時)?(?:停止|制限)/, /不正(?:な)?送信/],
  },
  {
    // The general wording of Japanese hosting providers' notices (大量メール送信について, 不正送信の検知,
    // パスワード強制変更のお知らせ, 送信制限のお知らせ), as rental servers word them in their help pages.
    id: "hosting",
    family: "hosting",
    domains: [],
    brand: null,
    notices: [/大量(?:の)?(?:メール)?送信/, /不正(?:な)?(?:メール)?送信/, /パスワード(?:の|を)?強制(?:的な|的に)?変更/, /送信制限/],
  },
];

export function providerById(id: string): Provider | undefined {
  return PROVIDERS.find((p) => p.id === id);
}
