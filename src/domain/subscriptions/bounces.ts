/**
 * Reading what comes back to the bounce mailbox: delivery status notifications (RFC 3464, `multipart/
 * report; report-type=delivery-status`) and abuse reports from feedback loops (ARF, RFC 5965,
 * `report-type=feedback-report`), parsed with mailparser. A hard bounce is a recipient whose action is
 * `failed` with a 5.x.x status; a complaint is a feedback report of type abuse, fraud or other. Delays
 * (4.x.x), successes, auto-replies and anything else are left alone.
 */

export interface BounceReport {
  kind: 'hard-bounce' | 'complaint' | 'none';
  /** The recipients it is about, lower case. */
  addresses: string[];
  /** `5.1.1 smtp; 550 … User unknown`, or `abuse report (feedback.example.com)`. */
  reason: string;
  /** Subscribers named by Dastan's own Message-IDs in the returned original (`<post.subscriber@host>`). */
  subscriberIds: string[];
}

const NONE: BounceReport = { kind: 'none', addresses: [], reason: '', subscriberIds: [] };

/** `Name: value` fields of one block (continuation lines folded), names lower case. */
function fields(block: string): Map<string, string> {
  const out = new Map<string, string>();
  let last = '';
  for (const line of block.split(/\r?\n/)) {
    if (/^[ \t]/.test(line) && last) out.set(last, `${out.get(last)} ${line.trim()}`);
    else {
      const match = /^([A-Za-z0-9-]+):\s*(.*)$/.exec(line);
      if (!match) continue;
      last = match[1]!.toLowerCase();
      out.set(last, match[2]!.trim());
    }
  }
  return out;
}

/** `rfc822; Gone@Example.org` or `<gone@example.org>` → `gone@example.org`. */
const address = (value: string | undefined): string | undefined => {
  const bare = value
    ?.replace(/^[a-z0-9-]+;\s*/i, '')
    .replace(/^<|>$/g, '')
    .trim()
    .toLowerCase();
  return bare && /^[^\s@]+@[^\s@]+$/.test(bare) ? bare : undefined;
};

/** Dastan's own Message-IDs in the raw message (post mails and digests), as subscriber IDs. */
function ownSubscribers(raw: string): string[] {
  const ids = new Set<string>();
  for (const match of raw.matchAll(/^message-id:\s*<(?:\d+|digest\.\d{4}-\d\d-\d\d)\.(\d+)@[^>\s]+>/gim)) ids.add(match[1]!);
  return [...ids];
}

export async function readBounce(raw: Buffer | string): Promise<BounceReport> {
  // Loaded on the first bounce: mailparser and its charset tables are ~1.5 MB of code a server without
  // a bounce mailbox never needs.
  const { simpleParser } = await import('mailparser');
  const mail = await simpleParser(raw, { keepDeliveryStatus: true, skipHtmlToText: true, skipTextToHtml: true, skipImageLinks: true });
  const type = mail.headers.get('content-type') as { value?: string; params?: Record<string, string> } | undefined;
  if (type?.value?.toLowerCase() !== 'multipart/report') return NONE;
  const reportType = type.params?.['report-type']?.toLowerCase();
  const part = (contentType: string) => mail.attachments.find((a) => a.contentType.toLowerCase() === contentType)?.content.toString('utf8');
  const text = typeof raw === 'string' ? raw : raw.toString('latin1');

  if (reportType === 'delivery-status') {
    const status = part('message/delivery-status');
    if (!status) return NONE;
    const failed = status
      .split(/\r?\n\s*\r?\n/)
      .slice(1)
      .map(fields)
      .filter((f) => f.get('action')?.toLowerCase() === 'failed' && /^5\.\d{1,3}\.\d{1,3}/.test(f.get('status') ?? ''));
    const addresses = [
      ...new Set(
        failed.map((f) => address(f.get('final-recipient')) ?? address(f.get('original-recipient'))).filter((a) => a !== undefined),
      ),
    ];
    if (addresses.length === 0) return NONE;
    const first = failed[0]!;
    const reason = [first.get('status'), first.get('diagnostic-code')].filter(Boolean).join(' ').slice(0, 300);
    return { kind: 'hard-bounce', addresses, reason, subscriberIds: ownSubscribers(text) };
  }

  if (reportType === 'feedback-report') {
    const report = part('message/feedback-report');
    if (!report) return NONE;
    const f = fields(report);
    const feedbackType = (f.get('feedback-type') ?? '').toLowerCase();
    if (!['abuse', 'fraud', 'other'].includes(feedbackType)) return NONE;
    const recipient = address(f.get('original-rcpt-to'));
    const reporter = (f.get('reporting-mta') ?? '').replace(/^dns;\s*/i, '');
    return {
      kind: 'complaint',
      addresses: recipient ? [recipient] : [],
      reason: `${feedbackType} report${reporter ? ` (${reporter})` : ''}`.slice(0, 300),
      subscriberIds: ownSubscribers(text),
    };
  }
  return NONE;
}
