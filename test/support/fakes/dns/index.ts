import { Socket, createSocket } from 'node:dgram';
import { AddressInfo } from 'node:net';
import * as dnsPacket from 'dns-packet';

const NXDOMAIN = 3;
const SERVFAIL = 2;

/**
 * One TXT record: a string (split into 255-byte chunks when longer, as DNS providers do) or the
 * record's character-strings given one by one, for records a zone file wrote as `"abc" "def"`.
 */
export type FakeTxtRecord = string | string[];

/**
 * A DNS server on 127.0.0.1 (UDP, a free port) answering TXT queries from a map the test sets.
 * Unknown names get NXDOMAIN; a known name without TXT values gets an empty answer (NODATA);
 * names marked failing get SERVFAIL; names marked silent get no answer at all (the resolver times
 * out). Point the registry at it with `dnsResolvers: [fake.address]`.
 */
export class FakeDnsServer {
  /** Lower-case name without trailing dot -> the TXT records of that name. */
  readonly txt = new Map<string, FakeTxtRecord[]>();
  readonly failing = new Set<string>();
  readonly silent = new Set<string>();
  /** Every name asked for, in order. */
  readonly queries: string[] = [];
  private socket: Socket | undefined;

  async start(): Promise<this> {
    const socket = createSocket('udp4');
    socket.on('message', (message, peer) => {
      const reply = this.answer(message);
      if (reply !== undefined) socket.send(reply, peer.port, peer.address);
    });
    await new Promise<void>((resolve, reject) => {
      socket.once('error', reject);
      socket.bind(0, '127.0.0.1', () => resolve());
    });
    this.socket = socket;
    return this;
  }

  /** `127.0.0.1:<port>`, the form AuthOptions.dnsResolvers takes. */
  get address(): string {
    if (this.socket === undefined) throw new Error('FakeDnsServer is not started');
    return `127.0.0.1:${(this.socket.address() as AddressInfo).port}`;
  }

  setTxt(name: string, values: FakeTxtRecord[]): void {
    this.txt.set(name.toLowerCase(), values);
  }

  async close(): Promise<void> {
    const socket = this.socket;
    this.socket = undefined;
    if (socket !== undefined) await new Promise<void>((resolve) => socket.close(() => resolve()));
  }

  private answer(message: Buffer): Buffer | undefined {
    let query: dnsPacket.Packet;
    try {
      query = dnsPacket.decode(message);
    } catch {
      return undefined;
    }
    const question = query.questions?.[0];
    if (question === undefined) return undefined;
    const name = question.name.replace(/\.$/, '').toLowerCase();
    this.queries.push(name);
    if (this.silent.has(name)) return undefined;
    const values = this.txt.get(name);
    let rcode = 0;
    if (this.failing.has(name)) rcode = SERVFAIL;
    else if (values === undefined) rcode = NXDOMAIN;
    const answers: dnsPacket.Answer[] =
      rcode === 0 && question.type === 'TXT'
        ? (values ?? []).map((value) => ({
            type: 'TXT',
            name: question.name,
            ttl: 60,
            class: 'IN',
            data: typeof value === 'string' ? chunks(value) : value.map((part) => Buffer.from(part, 'utf8')),
          }))
        : [];
    return dnsPacket.encode({
      type: 'response',
      id: query.id ?? 0,
      flags: dnsPacket.RECURSION_DESIRED | dnsPacket.RECURSION_AVAILABLE | rcode,
      questions: [question],
      answers,
    });
  }
}

/** A TXT character-string holds at most 255 bytes; longer values are split, as DNS providers do. */
function chunks(value: string): Buffer[] {
  const bytes = Buffer.from(value, 'utf8');
  const parts: Buffer[] = [];
  for (let i = 0; i < bytes.length; i += 255) parts.push(bytes.subarray(i, i + 255));
  return parts.length > 0 ? parts : [Buffer.alloc(0)];
}
