// The row builders of TPC-H dbgen 2.17.3 (build.c: mk_part, mk_supp, mk_cust, mk_order, mk_nation,
// mk_region; driver.c: table sizes and scale handling), producing the official data column by column.
// Every column draws from its own stream (rng.ts), so a table, or even a subset of a table's columns, can be
// generated without the others: orders alone skip the lineitem comments, lineitem alone skips the order
// comments, part and partsupp share no stream at all.

import {
  COLORS,
  Distribution,
  INSTRUCT,
  MSEGMNT,
  NATIONS,
  O_OPRIO,
  P_CNTR,
  P_TYPES,
  REGIONS,
  RFLAG,
  SMODE,
  type WeightedList,
} from './dists.js';
import * as sd from './rng.js';
import { type RandomStream, stream } from './rng.js';
import { TextSource } from './text.js';

export type TpchTable =
  'region' | 'nation' | 'supplier' | 'customer' | 'part' | 'partsupp' | 'orders' | 'lineitem';

export const TPCH_TABLES: readonly TpchTable[] = [
  'region',
  'nation',
  'supplier',
  'customer',
  'part',
  'partsupp',
  'orders',
  'lineitem',
];

export type TpchColumnType = 'INTEGER' | 'DECIMAL(15,2)' | 'DATE' | 'VARCHAR';

export interface TpchColumn {
  readonly name: string;
  readonly type: TpchColumnType;
}

/**
 * A column's values: INTEGER in an Int32Array, DECIMAL(15,2) in a Float64Array (cents / 100, the double
 * nearest the exact decimal), DATE as days since 1970-01-01 in an Int32Array, VARCHAR as strings.
 */
export type TpchColumnData = Int32Array | Float64Array | string[];

/** A run of consecutive rows of one table; `columns` follows `TPCH_SCHEMA[table]`. */
export interface TpchChunk {
  readonly table: TpchTable;
  readonly rowCount: number;
  readonly columns: readonly TpchColumnData[];
}

function schema(spec: string): TpchColumn[] {
  return spec.split(', ').map((c) => {
    const [name, type] = c.split(' ') as [string, TpchColumnType];
    return { name, type };
  });
}

/** The columns of each table, as in the TPC-H schema (INTEGER keys, DECIMAL(15,2), DATE, VARCHAR). */
export const TPCH_SCHEMA: Readonly<Record<TpchTable, readonly TpchColumn[]>> = {
  region: schema('r_regionkey INTEGER, r_name VARCHAR, r_comment VARCHAR'),
  nation: schema('n_nationkey INTEGER, n_name VARCHAR, n_regionkey INTEGER, n_comment VARCHAR'),
  supplier: schema(
    's_suppkey INTEGER, s_name VARCHAR, s_address VARCHAR, s_nationkey INTEGER, s_phone VARCHAR, ' +
      's_acctbal DECIMAL(15,2), s_comment VARCHAR',
  ),
  customer: schema(
    'c_custkey INTEGER, c_name VARCHAR, c_address VARCHAR, c_nationkey INTEGER, c_phone VARCHAR, ' +
      'c_acctbal DECIMAL(15,2), c_mktsegment VARCHAR, c_comment VARCHAR',
  ),
  part: schema(
    'p_partkey INTEGER, p_name VARCHAR, p_mfgr VARCHAR, p_brand VARCHAR, p_type VARCHAR, p_size INTEGER, ' +
      'p_container VARCHAR, p_retailprice DECIMAL(15,2), p_comment VARCHAR',
  ),
  partsupp: schema(
    'ps_partkey INTEGER, ps_suppkey INTEGER, ps_availqty INTEGER, ps_supplycost DECIMAL(15,2), ps_comment VARCHAR',
  ),
  orders: schema(
    'o_orderkey INTEGER, o_custkey INTEGER, o_orderstatus VARCHAR, o_totalprice DECIMAL(15,2), ' +
      'o_orderdate DATE, o_orderpriority VARCHAR, o_clerk VARCHAR, o_shippriority INTEGER, o_comment VARCHAR',
  ),
  lineitem: schema(
    'l_orderkey INTEGER, l_partkey INTEGER, l_suppkey INTEGER, l_linenumber INTEGER, ' +
      'l_quantity DECIMAL(15,2), l_extendedprice DECIMAL(15,2), l_discount DECIMAL(15,2), ' +
      'l_tax DECIMAL(15,2), l_returnflag VARCHAR, l_linestatus VARCHAR, l_shipdate DATE, ' +
      'l_commitdate DATE, l_receiptdate DATE, l_shipinstruct VARCHAR, l_shipmode VARCHAR, l_comment VARCHAR',
  ),
};

export const DEFAULT_CHUNK_ROWS = 65536;

// ---------------------------------------------------------------------------------------------------------
// Scale (driver.c) and constants (dss.h).

const SUPP_PER_PART = 4;
const CUST_MORTALITY = 3;
const O_LCNT_MAX = 7;
const STARTDATE = 92001;
const CURRENTDATE = 95168;
const TOTDATE = 2557;
const L_SDTE_MAX = 121;
const L_RDTE_MAX = 30;
const O_ODATE_MAX = STARTDATE + TOTDATE - (L_SDTE_MAX + L_RDTE_MAX) - 1;
const O_CLRK_SCL = 1000;
const MAX_INT32 = 2147483647;

/** Row counts and the integer `scale` of a run of dbgen at scale factor `sf` (-s sf). */
export interface TpchScale {
  /** dbgen's integer scale: 1 below SF 1 (the base counts shrink instead), else trunc(sf). */
  readonly scale: number;
  readonly parts: number;
  readonly suppliers: number;
  readonly customers: number;
  readonly orders: number;
}

/** process_options() -s and main(): below SF 1 the base row counts are scaled by trunc(1000 * sf) / 1000. */
export function tpchScale(sf: number): TpchScale {
  if (!Number.isFinite(sf) || sf <= 0) throw new RangeError(`scale factor must be positive, got ${sf}`);
  let scale: number;
  let base = (rows: number): number => rows;
  if (sf < 1) {
    scale = 1;
    const intScale = Math.trunc(1000 * sf);
    base = (rows) => Math.max(1, Math.floor((intScale * rows) / 1000));
  } else {
    scale = Math.trunc(sf);
  }
  const counts: TpchScale = {
    scale,
    parts: base(200000) * scale,
    suppliers: base(10000) * scale,
    customers: base(150000) * scale,
    orders: base(150000 * 10) * scale, // ORDERS_PER_CUST
  };
  if (mkSparse(counts.orders) > MAX_INT32) {
    throw new RangeError(`scale factor ${sf} is too large: order keys would not fit in 32 bits`);
  }
  return counts;
}

/** The number of rows of a table at scale factor `sf` (lineitem's depends on the data: about 4 per order). */
export function tpchRowCount(table: Exclude<TpchTable, 'lineitem'>, sf: number): number {
  const s = tpchScale(sf);
  switch (table) {
    case 'region':
      return REGIONS.length;
    case 'nation':
      return NATIONS.length;
    case 'supplier':
      return s.suppliers;
    case 'customer':
      return s.customers;
    case 'part':
      return s.parts;
    case 'partsupp':
      return s.parts * SUPP_PER_PART;
    case 'orders':
      return s.orders;
  }
}

// ---------------------------------------------------------------------------------------------------------
// Helpers of build.c and bm_utils.c.

/** mk_sparse(): the order key of the i-th order keeps the low 3 bits and leaves 2 bits of gap above them. */
function mkSparse(i: number): number {
  return Math.floor(i / 8) * 32 + (i % 8);
}

/** rpb_routine(): a part's retail price in cents. */
function retailPrice(partkey: number): number {
  return 90000 + (Math.floor(partkey / 10) % 20001) + (partkey % 1000) * 100;
}

/** PART_SUPP_BRIDGE: the supplier key of a part's `s`-th supplier. */
function partSupplier(partkey: number, s: number, suppliers: number): number {
  return (
    ((partkey + s * (Math.floor(suppliers / SUPP_PER_PART) + Math.floor((partkey - 1) / suppliers))) %
      suppliers) +
    1
  );
}

const LEAP = (y: number): number => (y % 4 === 0 && y % 100 !== 0 ? 1 : 0);

/** julian(): normalise a yyddd date whose day count may run past the end of its year. */
function julian(date: number): number {
  let offset = date - STARTDATE;
  let result = STARTDATE;
  for (;;) {
    const yr = Math.floor(result / 1000);
    const yend = yr * 1000 + 365 + LEAP(yr);
    if (result + offset <= yend) return result + offset;
    offset -= yend - result + 1;
    result += 1000;
  }
}

const MONTH_END = [0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334, 365]; // months[].dcnt

/**
 * mk_ascdate() / mk_time(): day `index` of the date range (STARTDATE + index in dbgen's arithmetic) as days
 * since 1970-01-01, and whether julian() puts it on or before CURRENTDATE.
 */
const DATE_DAYS = new Int32Array(TOTDATE);
const ON_OR_BEFORE_CURRENT = new Uint8Array(TOTDATE);
for (let index = 0; index < TOTDATE; index++) {
  const j = julian(index + STARTDATE);
  const y = Math.floor(j / 1000);
  const d = j % 1000;
  let m = 0;
  while (d > MONTH_END[m]! + (LEAP(y) && m >= 2 ? 1 : 0)) m++;
  const day = d - MONTH_END[m - 1]! - (LEAP(y) && m > 2 ? 1 : 0);
  DATE_DAYS[index] = Date.UTC(1900 + y, m - 1, day) / 86400000;
  ON_OR_BEFORE_CURRENT[index] = j <= CURRENTDATE ? 1 : 0;
}

/** A distribution with pick_str(). */
class Picker {
  private readonly dist: Distribution;

  constructor(list: WeightedList) {
    this.dist = new Distribution(list);
  }

  /** pick_str(): RANDOM(j, 1, total) and the first token whose running weight reaches j. */
  pick(s: RandomStream): string {
    return this.dist.tokens[this.dist.lookup[s.int(1, this.dist.total)]!]!;
  }
}

const ALPHA_NUM = Buffer.from('0123456789abcdefghijklmnopqrstuvwxyz ABCDEFGHIJKLMNOPQRSTUVWXYZ,', 'latin1');

/** V_STR() / a_rnd(): random alphanumerics, length in [avg * 0.4, avg * 1.6], 6 bits per character. */
function vString(avgLength: number, s: RandomStream): string {
  const len = s.int(Math.trunc(avgLength * 0.4), Math.trunc(avgLength * 1.6));
  const codes = new Array<number>(len);
  let bits = 0;
  for (let i = 0; i < len; i++) {
    if (i % 5 === 0) bits = s.intMaxLong();
    codes[i] = ALPHA_NUM[bits & 0o77]!;
    bits >>= 6;
  }
  return String.fromCharCode(...codes);
}

/** gen_phone(): country code from the nation, then three random groups. */
function phone(nation: number, s: RandomStream): string {
  const acode = s.int(100, 999);
  const exchg = s.int(100, 999);
  const number = s.int(1000, 9999);
  return `${10 + (nation % 90)}-${acode}-${exchg}-${number}`;
}

const pad9 = (n: number): string => String(n).padStart(9, '0');

// C_ADDR_LEN and S_ADDR_LEN (shared.h); the *_CMNT_LEN averages are given where each TextSource is made.
const ADDR_LEN = 25;

/** Column storage for one chunk. */
class Columns {
  private n = 0;
  readonly data: TpchColumnData[];

  constructor(
    readonly table: TpchTable,
    readonly capacity: number,
  ) {
    this.data = TPCH_SCHEMA[table].map((c) => {
      switch (c.type) {
        case 'INTEGER':
        case 'DATE':
          return new Int32Array(capacity);
        case 'DECIMAL(15,2)':
          return new Float64Array(capacity);
        case 'VARCHAR':
          return [];
      }
    });
  }

  int(i: number): Int32Array {
    return this.data[i] as Int32Array;
  }

  dec(i: number): Float64Array {
    return this.data[i] as Float64Array;
  }

  str(i: number): string[] {
    return this.data[i] as string[];
  }

  get rows(): number {
    return this.n;
  }

  /** Count the row just written (typed arrays at index `rows`, strings pushed). */
  next(): void {
    this.n++;
  }

  finish(): TpchChunk {
    const n = this.n;
    const columns = this.data.map((c) => (Array.isArray(c) || n === this.capacity ? c : c.slice(0, n)));
    return { table: this.table, rowCount: n, columns };
  }
}

function chunkSize(chunkRows: number): number {
  if (!Number.isInteger(chunkRows) || chunkRows < O_LCNT_MAX) {
    throw new RangeError(`chunkRows must be an integer >= ${O_LCNT_MAX}, got ${chunkRows}`);
  }
  return chunkRows;
}

// ---------------------------------------------------------------------------------------------------------
// Tables.

/** mk_region(): five regions with comments. */
function* region(): Generator<TpchChunk> {
  const cmnt = stream(sd.R_CMNT_SD);
  const text = new TextSource(72); // R_CMNT_LEN
  const c = new Columns('region', REGIONS.length); // chunkRows >= 7 > 5 rows
  for (let i = 0; i < REGIONS.length; i++) {
    c.int(0)[c.rows] = i;
    c.str(1).push(REGIONS[i]![0]);
    c.str(2).push(text.text(cmnt));
    cmnt.endRow();
    c.next();
  }
  yield c.finish();
}

/** mk_nation(): 25 nations; the region key is the running total of the nations' weights. */
function* nation(chunkRows: number): Generator<TpchChunk> {
  const cmnt = stream(sd.N_CMNT_SD);
  const text = new TextSource(72); // N_CMNT_LEN
  let c = new Columns('nation', Math.min(chunkRows, NATIONS.length));
  let regionKey = 0;
  for (let i = 0; i < NATIONS.length; i++) {
    if (c.rows === c.capacity) {
      yield c.finish();
      c = new Columns('nation', Math.min(chunkRows, NATIONS.length - i));
    }
    const [name, weight] = NATIONS[i]!;
    regionKey += weight;
    c.int(0)[c.rows] = i;
    c.str(1).push(name);
    c.int(2)[c.rows] = regionKey;
    c.str(3).push(text.text(cmnt));
    cmnt.endRow();
    c.next();
  }
  yield c.finish();
}

const BBB_BASE = 'Customer ';
const BBB_COMPLAIN = 'Complaints';
const BBB_COMMEND = 'Recommends';
const BBB_CMNT_LEN = 19;

/** mk_supp(): suppliers; about 1 in 1000 comments carries "Customer ... Complaints/Recommends". */
function* supplier(sc: TpchScale, chunkRows: number): Generator<TpchChunk> {
  const addr = stream(sd.S_ADDR_SD);
  const ntrg = stream(sd.S_NTRG_SD);
  const phne = stream(sd.S_PHNE_SD);
  const abal = stream(sd.S_ABAL_SD);
  const cmnt = stream(sd.S_CMNT_SD);
  const bbbCmnt = stream(sd.BBB_CMNT_SD);
  const bbbType = stream(sd.BBB_TYPE_SD);
  const bbbJnk = stream(sd.BBB_JNK_SD);
  const bbbOffset = stream(sd.BBB_OFFSET_SD);
  const all = [addr, ntrg, phne, abal, cmnt, bbbCmnt, bbbType, bbbJnk, bbbOffset];
  const text = new TextSource(63); // S_CMNT_LEN
  const total = sc.suppliers;
  let c: Columns | undefined;
  for (let key = 1; key <= total; key++) {
    if (c === undefined || c.rows === c.capacity) {
      if (c !== undefined) yield c.finish();
      c = new Columns('supplier', Math.min(chunkRows, total - key + 1));
    }
    const row = c.rows;
    c.int(0)[row] = key;
    c.str(1).push(`Supplier#${pad9(key)}`);
    c.str(2).push(vString(ADDR_LEN, addr));
    const nationKey = ntrg.int(0, NATIONS.length - 1);
    c.int(3)[row] = nationKey;
    c.str(4).push(phone(nationKey, phne));
    c.dec(5)[row] = abal.int(-99999, 999999) / 100;
    let comment = text.text(cmnt);
    const clen = comment.length;
    const badPress = bbbCmnt.int(1, 10000);
    const type = bbbType.int(0, 100);
    const noise = bbbJnk.int(0, clen - BBB_CMNT_LEN);
    const offset = bbbOffset.int(0, clen - (BBB_CMNT_LEN + noise));
    if (badPress <= 10) {
      // S_CMNT_BBB; BBB_DEADBEATS = 50 % complaints
      const verdict = type < 50 ? BBB_COMPLAIN : BBB_COMMEND;
      const at = BBB_BASE.length + offset + noise;
      comment =
        comment.slice(0, offset) +
        BBB_BASE +
        comment.slice(offset + BBB_BASE.length, at) +
        verdict +
        comment.slice(at + verdict.length);
    }
    c.str(6).push(comment);
    for (const s of all) s.endRow();
    c.next();
  }
  if (c !== undefined) yield c.finish();
}

/** mk_cust(). */
function* customer(sc: TpchScale, chunkRows: number): Generator<TpchChunk> {
  const addr = stream(sd.C_ADDR_SD);
  const ntrg = stream(sd.C_NTRG_SD);
  const phne = stream(sd.C_PHNE_SD);
  const abal = stream(sd.C_ABAL_SD);
  const mseg = stream(sd.C_MSEG_SD);
  const cmnt = stream(sd.C_CMNT_SD);
  const all = [addr, ntrg, phne, abal, mseg, cmnt];
  const segments = new Picker(MSEGMNT);
  const text = new TextSource(73); // C_CMNT_LEN
  const total = sc.customers;
  let c: Columns | undefined;
  for (let key = 1; key <= total; key++) {
    if (c === undefined || c.rows === c.capacity) {
      if (c !== undefined) yield c.finish();
      c = new Columns('customer', Math.min(chunkRows, total - key + 1));
    }
    const row = c.rows;
    c.int(0)[row] = key;
    c.str(1).push(`Customer#${pad9(key)}`);
    c.str(2).push(vString(ADDR_LEN, addr));
    const nationKey = ntrg.int(0, NATIONS.length - 1);
    c.int(3)[row] = nationKey;
    c.str(4).push(phone(nationKey, phne));
    c.dec(5)[row] = abal.int(-99999, 999999) / 100;
    c.str(6).push(segments.pick(mseg));
    c.str(7).push(text.text(cmnt));
    for (const s of all) s.endRow();
    c.next();
  }
  if (c !== undefined) yield c.finish();
}

const P_NAME_SCL = 5;

/** mk_part() without its suppliers. */
function* part(sc: TpchScale, chunkRows: number): Generator<TpchChunk> {
  const nameS = stream(sd.P_NAME_SD);
  const mfg = stream(sd.P_MFG_SD);
  const brnd = stream(sd.P_BRND_SD);
  const typeS = stream(sd.P_TYPE_SD);
  const size = stream(sd.P_SIZE_SD);
  const cntr = stream(sd.P_CNTR_SD);
  const cmnt = stream(sd.P_CMNT_SD);
  const all = [nameS, mfg, brnd, typeS, size, cntr, cmnt];
  const types = new Picker(P_TYPES);
  const containers = new Picker(P_CNTR);
  const colors = COLORS.map(([t]) => t);
  const permutation = new Int32Array(colors.length);
  const text = new TextSource(14); // P_CMNT_LEN
  const mfgrNames = Array.from({ length: 6 }, (_, m) => `Manufacturer#${m}`);
  const total = sc.parts;
  let c: Columns | undefined;
  for (let key = 1; key <= total; key++) {
    if (c === undefined || c.rows === c.capacity) {
      if (c !== undefined) yield c.finish();
      c = new Columns('part', Math.min(chunkRows, total - key + 1));
    }
    const row = c.rows;
    c.int(0)[row] = key;
    // agg_str(): permute_dist() shuffles all 92 colors, the name is the first five.
    for (let i = 0; i < permutation.length; i++) permutation[i] = i;
    for (let i = 0; i < permutation.length; i++) {
      const j = nameS.int(i, permutation.length - 1);
      const t = permutation[j]!;
      permutation[j] = permutation[i]!;
      permutation[i] = t;
    }
    let name = colors[permutation[0]!]!;
    for (let i = 1; i < P_NAME_SCL; i++) name += ' ' + colors[permutation[i]!]!;
    c.str(1).push(name);
    const m = mfg.int(1, 5);
    c.str(2).push(mfgrNames[m]!);
    c.str(3).push(`Brand#${m * 10 + brnd.int(1, 5)}`);
    c.str(4).push(types.pick(typeS));
    c.int(5)[row] = size.int(1, 50);
    c.str(6).push(containers.pick(cntr));
    c.dec(7)[row] = retailPrice(key) / 100;
    c.str(8).push(text.text(cmnt));
    for (const s of all) s.endRow();
    c.next();
  }
  if (c !== undefined) yield c.finish();
}

/** mk_part()'s four suppliers per part. */
function* partsupp(sc: TpchScale, chunkRows: number): Generator<TpchChunk> {
  const qty = stream(sd.PS_QTY_SD);
  const scst = stream(sd.PS_SCST_SD);
  const cmnt = stream(sd.PS_CMNT_SD);
  const text = new TextSource(124); // PS_CMNT_LEN
  const perChunk = Math.max(1, Math.floor(chunkRows / SUPP_PER_PART)) * SUPP_PER_PART;
  const total = sc.parts * SUPP_PER_PART;
  let c: Columns | undefined;
  for (let key = 1; key <= sc.parts; key++) {
    if (c === undefined || c.rows + SUPP_PER_PART > c.capacity) {
      if (c !== undefined) yield c.finish();
      c = new Columns('partsupp', Math.min(perChunk, total - (key - 1) * SUPP_PER_PART));
    }
    for (let s = 0; s < SUPP_PER_PART; s++) {
      const row = c.rows;
      c.int(0)[row] = key;
      c.int(1)[row] = partSupplier(key, s, sc.suppliers);
      c.int(2)[row] = qty.int(1, 9999);
      c.dec(3)[row] = scst.int(100, 100000) / 100;
      c.str(4).push(text.text(cmnt));
      c.next();
    }
    qty.endRow();
    scst.endRow();
    cmnt.endRow();
  }
  if (c !== undefined) yield c.finish();
}

/** A chunk of orders and exactly their line items. */
export interface OrdersAndLineitems {
  readonly orders: TpchChunk;
  readonly lineitem: TpchChunk;
}

/**
 * mk_order(): orders with their 1..7 line items, in chunks of at most `chunkRows` orders and `chunkRows`
 * line items. `want` leaves out the table that is not needed (its chunks are then empty) and skips the
 * random draws only it uses; the values of the other table are the same either way.
 */
function* ordersAndLineitems(
  sc: TpchScale,
  chunkRows: number,
  want: { readonly orders: boolean; readonly lineitem: boolean },
): Generator<OrdersAndLineitems> {
  const wantOrders = want.orders;
  const wantLines = want.lineitem;
  // Order streams.
  const ckey = stream(sd.O_CKEY_SD);
  const odate = stream(sd.O_ODATE_SD);
  const prio = stream(sd.O_PRIO_SD);
  const clrk = stream(sd.O_CLRK_SD);
  const ocmnt = stream(sd.O_CMNT_SD);
  const lcnt = stream(sd.O_LCNT_SD);
  // Line streams.
  const lqty = stream(sd.L_QTY_SD);
  const ldcnt = stream(sd.L_DCNT_SD);
  const ltax = stream(sd.L_TAX_SD);
  const lship = stream(sd.L_SHIP_SD);
  const lsmode = stream(sd.L_SMODE_SD);
  const lcmnt = stream(sd.L_CMNT_SD);
  const lpkey = stream(sd.L_PKEY_SD);
  const lskey = stream(sd.L_SKEY_SD);
  const lsdte = stream(sd.L_SDTE_SD);
  const lcdte = stream(sd.L_CDTE_SD);
  const lrdte = stream(sd.L_RDTE_SD);
  const lrflg = stream(sd.L_RFLG_SD);
  // Streams only one of the tables uses are left alone when that table is not wanted.
  const all = [odate, lcnt, lqty, ldcnt, ltax, lpkey, lsdte];
  if (wantOrders) all.push(ckey, prio, clrk, ocmnt);
  if (wantLines) all.push(lship, lsmode, lcmnt, lskey, lcdte, lrdte, lrflg);

  const priorities = new Picker(O_OPRIO);
  const instructions = new Picker(INSTRUCT);
  const modes = new Picker(SMODE);
  const flags = new Picker(RFLAG);
  const orderText = wantOrders ? new TextSource(49) : undefined; // O_CMNT_LEN
  const lineText = wantLines ? new TextSource(27) : undefined; // L_CMNT_LEN
  const clerks = Math.max(sc.scale * O_CLRK_SCL, O_CLRK_SCL);
  const clerkNames: (string | undefined)[] = new Array<string | undefined>(clerks + 1).fill(undefined);
  const { customers, parts, suppliers } = sc;
  const total = sc.orders;

  const ordersFor = (left: number): Columns =>
    new Columns('orders', wantOrders ? Math.min(chunkRows, left) : 0);
  const linesFor = (left: number): Columns =>
    new Columns('lineitem', wantLines ? Math.min(chunkRows, left * O_LCNT_MAX) : 0);
  let o = ordersFor(total);
  let l = linesFor(total);
  for (let index = 1; index <= total; index++) {
    if ((wantOrders && o.rows === o.capacity) || (wantLines && l.rows + O_LCNT_MAX > l.capacity)) {
      yield { orders: o.finish(), lineitem: l.finish() };
      o = ordersFor(total - index + 1);
      l = linesFor(total - index + 1);
    }
    const okey = mkSparse(index);
    const orderRow = o.rows;

    const orderDate = odate.int(STARTDATE, O_ODATE_MAX) - STARTDATE;
    if (wantOrders) {
      let custkey = ckey.int(1, customers);
      let delta = 1;
      while (custkey % CUST_MORTALITY === 0) {
        custkey += delta;
        custkey = Math.min(custkey, customers);
        delta = -delta;
      }
      o.int(0)[orderRow] = okey;
      o.int(1)[orderRow] = custkey;
      o.int(4)[orderRow] = DATE_DAYS[orderDate]!;
      o.str(5).push(priorities.pick(prio));
      const clerk = clrk.int(1, clerks);
      o.str(6).push((clerkNames[clerk] ??= `Clerk#${pad9(clerk)}`));
      o.int(7)[orderRow] = 0;
      o.str(8).push(orderText!.text(ocmnt));
    }

    let totalPrice = 0;
    let shipped = 0;
    const lines = lcnt.int(1, O_LCNT_MAX);
    for (let n = 1; n <= lines; n++) {
      const quantity = lqty.int(1, 50);
      const discount = ldcnt.int(0, 10);
      const tax = ltax.int(0, 8);
      const partkey = lpkey.int(1, parts);
      const eprice = retailPrice(partkey) * quantity;
      totalPrice += Math.trunc((Math.trunc((eprice * (100 - discount)) / 100) * (100 + tax)) / 100);
      const shipDate = orderDate + lsdte.int(1, 121);
      const isShipped = ON_OR_BEFORE_CURRENT[shipDate] === 1;
      if (isShipped) shipped++;
      if (!wantLines) continue;

      const row = l.rows;
      l.int(0)[row] = okey;
      l.int(1)[row] = partkey;
      l.int(2)[row] = partSupplier(partkey, lskey.int(0, 3), suppliers);
      l.int(3)[row] = n;
      l.dec(4)[row] = quantity;
      l.dec(5)[row] = eprice / 100;
      l.dec(6)[row] = discount / 100;
      l.dec(7)[row] = tax / 100;
      const commitDate = orderDate + lcdte.int(30, 90);
      const receiptDate = shipDate + lrdte.int(1, 30);
      l.str(8).push(ON_OR_BEFORE_CURRENT[receiptDate] === 1 ? flags.pick(lrflg) : 'N');
      l.str(9).push(isShipped ? 'F' : 'O');
      l.int(10)[row] = DATE_DAYS[shipDate]!;
      l.int(11)[row] = DATE_DAYS[commitDate]!;
      l.int(12)[row] = DATE_DAYS[receiptDate]!;
      l.str(13).push(instructions.pick(lship));
      l.str(14).push(modes.pick(lsmode));
      l.str(15).push(lineText!.text(lcmnt));
      l.next();
    }
    if (wantOrders) {
      o.str(2).push(shipped === lines ? 'F' : shipped > 0 ? 'P' : 'O');
      o.dec(3)[orderRow] = totalPrice / 100;
      o.next();
    }
    for (const s of all) s.endRow();
  }
  yield { orders: o.finish(), lineitem: l.finish() };
}

/**
 * Orders and their line items together, as dbgen generates them: each chunk holds at most `chunkRows`
 * orders and the (at most `chunkRows`) line items of exactly those orders.
 */
export function* generateOrdersAndLineitems(
  sf: number,
  chunkRows = DEFAULT_CHUNK_ROWS,
): Generator<OrdersAndLineitems> {
  yield* ordersAndLineitems(tpchScale(sf), chunkSize(chunkRows), { orders: true, lineitem: true });
}

/** The rows of one table at scale factor `sf`, in dbgen's order, in chunks of at most `chunkRows` rows. */
export function* generateTable(
  table: TpchTable,
  sf: number,
  chunkRows = DEFAULT_CHUNK_ROWS,
): Generator<TpchChunk> {
  const sc = tpchScale(sf);
  const size = chunkSize(chunkRows);
  switch (table) {
    case 'region':
      yield* region();
      return;
    case 'nation':
      yield* nation(size);
      return;
    case 'supplier':
      yield* supplier(sc, size);
      return;
    case 'customer':
      yield* customer(sc, size);
      return;
    case 'part':
      yield* part(sc, size);
      return;
    case 'partsupp':
      yield* partsupp(sc, size);
      return;
    case 'orders':
      for (const c of ordersAndLineitems(sc, size, { orders: true, lineitem: false })) yield c.orders;
      return;
    case 'lineitem':
      for (const c of ordersAndLineitems(sc, size, { orders: false, lineitem: true })) yield c.lineitem;
      return;
  }
}
