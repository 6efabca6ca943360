// SPDX-License-Identifier: MIT
// Mozilla Readability.js over saved pages, printing what `pith -f json` prints, so that
// `cli/pith-corpus score` scores it with the same code as pith (see docs/peers.md).
//
//   node readability.mjs [-f json] [-u URL] FILE   one page: one JSON object, exit 0 (article),
//                                                  1 (none) or 3 (unreadable file)
//   node readability.mjs --time DIR|FILE...        every page in one process: pages/s
//
// Charset: the pages of the dev sets are stored without their HTTP headers, and some were saved
// as UTF-8 while their <meta> still names the charset they were served in (27 of l3s-gn1-dev,
// one of readability). So bytes that are valid UTF-8 are given to jsdom as
// `text/html; charset=utf-8`, as a transport header would say; any other page goes as bare
// `text/html`, which jsdom decodes as a browser does (BOM, then <meta charset> in the first
// 1024 bytes, else windows-1252). PEERS_CHARSET=sniff decodes every page the browser's way;
// PEERS_CHARSET=<name> gives every page that charset.
import fs from "node:fs";
import path from "node:path";
import { JSDOM, VirtualConsole } from "jsdom";
import { Readability } from "@mozilla/readability";

// The rules of html_to_text() that made the readability set's truth `body` from Readability's
// expected HTML (../shared/datasets/readability/SOURCE.md), so that Readability's own output
// becomes text the same way as its reference did.
const BREAKS = new Set(("p div h1 h2 h3 h4 h5 h6 li blockquote pre tr figcaption section " +
  "article br hr table ul ol dl dt dd figure header footer main aside nav address details " +
  "summary caption fieldset legend form center hgroup menu").split(" "));
const CELLS = new Set(["td", "th"]);
const DROPPED = new Set(["script", "style", "template"]);

const ELEMENT_NODE = 1;
const TEXT_NODE = 3;

// Plain text of an element: paragraphs joined by a blank line. The walk keeps its own stack
// (a page's depth is the page's choice).
export function blockText(root) {
  const paras = [];
  let cur = "";
  let preDepth = 0;
  const flush = (verbatim) => {
    let t = verbatim ? cur.replace(/^\n/, "").trimEnd() : cur.replace(/\s+/gu, " ").trim();
    if (t) paras.push(t);
    cur = "";
  };
  const stack = [{ node: root, leaving: false }];
  while (stack.length) {
    const { node, leaving } = stack.pop();
    if (node.nodeType === TEXT_NODE) {
      cur += node.data;
      continue;
    }
    if (node.nodeType !== ELEMENT_NODE) continue;
    const tag = node.localName;
    if (DROPPED.has(tag)) continue;
    if (leaving) {
      if (tag === "pre") {
        preDepth--;
        if (preDepth === 0) flush(true);
      } else if (BREAKS.has(tag) && preDepth === 0) {
        flush(false);
      } else if (CELLS.has(tag)) {
        cur += " ";
      }
      continue;
    }
    if (tag === "br" && preDepth > 0) {
      cur += "\n";
      continue;
    }
    if (tag === "pre") {
      if (preDepth === 0) flush(false);
      preDepth++;
    } else if (BREAKS.has(tag) && preDepth === 0) {
      flush(false);
    } else if (CELLS.has(tag)) {
      cur += " ";
    }
    stack.push({ node, leaving: true });
    for (let k = node.childNodes.length - 1; k >= 0; k--) {
      stack.push({ node: node.childNodes[k], leaving: false });
    }
  }
  flush(preDepth > 0);
  return paras.join("\n\n");
}

const utf8 = new TextDecoder("utf-8", { fatal: true });

function transportCharset(bytes) {
  const want = process.env.PEERS_CHARSET;
  if (want === "sniff") return null;
  if (want) return want;
  try {
    utf8.decode(bytes);
    return "utf-8";
  } catch {
    return null;
  }
}

function dom(bytes, url) {
  const charset = transportCharset(bytes);
  // jsdom prints CSS and script errors of the page to the console; they are not ours.
  const virtualConsole = new VirtualConsole();
  return new JSDOM(bytes, {
    url: url || undefined,
    contentType: charset ? `text/html; charset=${charset}` : "text/html",
    virtualConsole,
  });
}

// What a user of Readability gets from the page, in pith's JSON names.
export function extract(bytes, url) {
  const { window } = dom(bytes, url);
  try {
    return article(window.document);
  } finally {
    // A window not closed keeps its whole document alive: --time ran out of heap without it.
    window.close();
  }
}

function article(doc) {
  const lang = doc.documentElement.getAttribute("lang");
  // The serializer hands back the article element itself, not its HTML, to walk it here.
  const art = new Readability(doc, { serializer: (el) => el }).parse();
  if (!art) {
    return { status: "no_article", text: null, title: doc.title || null, lang: lang || null };
  }
  return {
    status: "ok",
    title: art.title || null,
    byline: art.byline || null,
    date_published: art.publishedTime || null,
    site_name: art.siteName || null,
    lang: art.lang || lang || null,
    excerpt: art.excerpt || null,
    text: blockText(art.content) || null,
  };
}

function pagesOf(args) {
  const out = [];
  const todo = [...args];
  while (todo.length) {
    const p = todo.shift();
    if (fs.statSync(p).isDirectory()) {
      for (const e of fs.readdirSync(p).sort()) todo.push(path.join(p, e));
    } else if (/\.html?$/i.test(p)) {
      out.push(p);
    }
  }
  return out;
}

function timeAll(args) {
  const pages = pagesOf(args);
  let bytes = 0;
  let found = 0;
  const t0 = process.hrtime.bigint();
  const c0 = process.cpuUsage();
  for (const p of pages) {
    const b = fs.readFileSync(p);
    bytes += b.length;
    if (extract(b).status === "ok") found++;
  }
  const wall = Number(process.hrtime.bigint() - t0) / 1e9;
  const cpu = process.cpuUsage(c0);
  const cpuS = (cpu.user + cpu.system) / 1e6;
  console.log(`${pages.length} pages (${(bytes / 1048576).toFixed(1)} MiB), ${found} with an ` +
    `article: wall ${wall.toFixed(2)} s, ${(pages.length / wall).toFixed(1)} pages/s; ` +
    `CPU ${cpuS.toFixed(2)} s, ${(1000 * cpuS / pages.length).toFixed(1)} ms/page`);
}

function main(argv) {
  let url = null;
  const files = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === "--time") return timeAll(argv.slice(i + 1));
    if (a === "-f" || a === "--format") {
      if (argv[++i] !== "json") {
        console.error("readability.mjs: only --format json");
        process.exit(2);
      }
    } else if (a === "-u" || a === "--url") {
      url = argv[++i];
    } else if (a.startsWith("-")) {
      console.error(`readability.mjs: unknown option ${a}`);
      process.exit(2);
    } else {
      files.push(a);
    }
  }
  if (files.length !== 1) {
    console.error("usage: node readability.mjs [-f json] [-u URL] FILE | --time DIR|FILE...");
    process.exit(2);
  }
  let bytes;
  try {
    bytes = fs.readFileSync(files[0]);
  } catch (e) {
    console.error(`readability.mjs: ${files[0]}: ${e.message}`);
    process.exit(3);
  }
  const res = extract(bytes, url);
  process.stdout.write(JSON.stringify(res) + "\n");
  process.exitCode = res.status === "ok" ? 0 : 1;
}

main(process.argv.slice(2));
