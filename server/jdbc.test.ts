// pgjdbc (Debian's libpostgresql-jdbc-java, run with the machine's Java) against the server:
// DBeaver's and Metabase's driver, with its metadata calls, server-side prepared statements in binary
// and fetch sizes. Skipped, with the reason printed, where Java or the driver is absent.

import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasCommand, run, startTestServer, type TestServer } from './server.test-kit.js';

const DRIVER = '/usr/share/java/postgresql.jar';

const PROGRAM = `
import java.sql.*;
import java.util.*;

public class LarchJdbc {
  public static void main(String[] args) throws Exception {
    String url = "jdbc:postgresql://127.0.0.1:" + args[0] + "/larch";
    Properties props = new Properties();
    props.setProperty("user", "jdbc");
    props.setProperty("prepareThreshold", "1");
    try (Connection c = DriverManager.getConnection(url, props)) {
      StringBuilder out = new StringBuilder();
      try (Statement s = c.createStatement()) {
        s.execute("CREATE TABLE stations (id int PRIMARY KEY, name text NOT NULL, elevation numeric(6,1), opened date)");
        s.execute("INSERT INTO stations SELECT g, 'st' || g, g * 10.5, DATE '2020-01-01' + g FROM generate_series(1, 50) AS s(g)");
      }
      DatabaseMetaData md = c.getMetaData();
      out.append("product=").append(md.getDatabaseProductName()).append(' ').append(md.getDatabaseMajorVersion()).append('\\n');
      try (ResultSet rs = md.getSchemas()) { while (rs.next()) out.append("schema=").append(rs.getString("TABLE_SCHEM")).append('\\n'); }
      try (ResultSet rs = md.getTables(null, "public", "%", new String[] {"TABLE"})) {
        while (rs.next()) out.append("table=").append(rs.getString("TABLE_NAME")).append('\\n');
      }
      try (ResultSet rs = md.getColumns(null, "public", "stations", "%")) {
        while (rs.next()) out.append("column=").append(rs.getString("COLUMN_NAME")).append(':').append(rs.getString("TYPE_NAME")).append(':').append(rs.getInt("NULLABLE")).append('\\n');
      }
      try (PreparedStatement ps = c.prepareStatement("SELECT name, elevation, opened FROM stations WHERE id = ?")) {
        for (int i = 1; i <= 8; i++) {
          ps.setInt(1, i);
          try (ResultSet rs = ps.executeQuery()) { rs.next(); out.append("row=").append(rs.getString(1)).append(',').append(rs.getBigDecimal(2)).append(',').append(rs.getDate(3)).append('\\n'); }
        }
      }
      try (Statement s = c.createStatement()) {
        try { s.executeQuery("SELECT nope FROM stations"); } catch (SQLException e) { out.append("error=").append(e.getSQLState()).append('\\n'); }
        try (ResultSet rs = s.executeQuery("SELECT count(*) FROM stations")) { rs.next(); out.append("count=").append(rs.getInt(1)).append('\\n'); }
      }
      c.setAutoCommit(false);
      try (PreparedStatement ps = c.prepareStatement("SELECT id FROM stations ORDER BY id")) {
        ps.setFetchSize(7);
        int n = 0;
        try (ResultSet rs = ps.executeQuery()) { while (rs.next()) n++; }
        out.append("fetched=").append(n).append('\\n');
      }
      c.commit();
      System.out.print(out);
    }
  }
}
`;

let t: TestServer;
const available = hasCommand('java') && existsSync(DRIVER);

beforeAll(async () => {
  if (!available)
    process.stdout.write(`jdbc.test.ts: skipped: java or ${DRIVER} (libpostgresql-jdbc-java) is missing\n`);
  t = await startTestServer();
});

afterAll(async () => {
  await t.close();
});

describe('pgjdbc', () => {
  it('connects, reads metadata, runs prepared statements in binary and fetches with a fetch size', async (ctx) => {
    if (!available) ctx.skip();
    const dir = mkdtempSync(join(tmpdir(), 'larch-jdbc-'));
    const file = join(dir, 'LarchJdbc.java');
    writeFileSync(file, PROGRAM);
    const r = await run('java', ['-cp', DRIVER, file, String(t.port)]);
    expect(r.stderr).toBe('');
    const lines = r.stdout.trim().split('\n');
    expect(lines[0]).toBe('product=PostgreSQL 15');
    expect(lines).toContain('schema=public');
    expect(lines).toContain('table=stations');
    expect(lines).toContain('column=id:int4:0');
    expect(lines).toContain('column=name:text:0');
    expect(lines).toContain('column=elevation:numeric:1');
    expect(lines).toContain('row=st1,10.5,2020-01-02');
    expect(lines).toContain('row=st8,84.0,2020-01-09');
    expect(lines).toContain('error=42703');
    expect(lines).toContain('count=50');
    expect(lines).toContain('fetched=50');
  });
});
