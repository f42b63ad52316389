import { createHash, randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A route of the fake Hub that failures can be scripted on. */
export type FakeHubRoute = 'create' | 'info' | 'preupload' | 'lfs-batch' | 'upload' | 'commit' | 'tree' | 'resolve';

/** A scripted failure: an HTTP status, a dropped connection, or a concurrent commit making the parent stale. */
export type FakeHubFailure =
  | { route: FakeHubRoute; kind: 'status'; status: number; times?: number }
  | { route: FakeHubRoute; kind: 'drop'; times?: number }
  | { route: 'commit'; kind: 'stale-parent'; times?: number };

/** A file as the fake repository stores it. */
export interface FakeHubFile {
  content: Buffer;
  isLfs: boolean;
  sha256: string;
  /** The git blob id of what git stores: the content, or the LFS pointer. */
  gitOid: string;
}

/** One commit the fake Hub accepted. */
export interface FakeHubCommit {
  oid: string;
  title: string;
  parent: string | undefined;
  added: string[];
  deleted: string[];
}

/** One repository of the fake Hub. */
export interface FakeHubRepo {
  name: string;
  type: string;
  isPrivate: boolean;
  files: Map<string, FakeHubFile>;
  commits: FakeHubCommit[];
  head: string;
}

/** A node:http server that speaks the parts of the Hub API that @huggingface/hub calls. */
export interface FakeHub {
  url: string;
  repos: Map<string, FakeHubRepo>;
  /** Times each LFS object (by sha256) was PUT. */
  uploadCounts: Map<string, number>;
  /** Every request as `METHOD path`, for debugging and assertions. */
  requests: string[];
  /** Requests no route matched. */
  unknownRequests: string[];
  fail(failure: FakeHubFailure): void;
  /** Makes a commit as if someone else pushed, moving the head. */
  pushExternalCommit(repoName: string, title?: string): void;
  close(): Promise<void>;
}

/** Options of the fake Hub. */
export interface FakeHubOptions {
  /** Entries per page of the tree listing (the client follows the Link header). */
  treePageSize?: number;
  /** Files at or above this size, and every .parquet file, are LFS. */
  lfsThresholdBytes?: number;
}

function gitBlobOid(content: Buffer): string {
  return createHash('sha1').update(`blob ${content.length}\0`).update(content).digest('hex');
}

function lfsPointer(sha256: string, size: number): Buffer {
  return Buffer.from(`version https://git-lfs.github.com/spec/v1\noid sha256:${sha256}\nsize ${size}\n`);
}

async function readBody(request: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

function sendJson(response: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  response.writeHead(status, { 'Content-Type': 'application/json', ...headers });
  response.end(JSON.stringify(body));
}

/** Starts a fake Hub on 127.0.0.1 and an ephemeral port. */
export async function createFakeHub(options: FakeHubOptions = {}): Promise<FakeHub> {
  const treePageSize = options.treePageSize ?? 1000;
  const lfsThresholdBytes = options.lfsThresholdBytes ?? 10 * 1024 * 1024;
  const repos = new Map<string, FakeHubRepo>();
  const lfsObjects = new Map<string, Buffer>();
  const uploadCounts = new Map<string, number>();
  const requests: string[] = [];
  const unknownRequests: string[] = [];
  const failures: (FakeHubFailure & { remaining: number })[] = [];
  let url = '';

  function newCommit(repo: FakeHubRepo, title: string, added: string[], deleted: string[]): FakeHubCommit {
    const commit = { oid: randomBytes(20).toString('hex'), title, parent: repo.head, added, deleted };
    repo.commits.push(commit);
    repo.head = commit.oid;
    return commit;
  }

  function takeFailure(route: FakeHubRoute, kinds: FakeHubFailure['kind'][] = ['status', 'drop']): FakeHubFailure | undefined {
    const index = failures.findIndex((failure) => failure.route === route && kinds.includes(failure.kind));
    if (index < 0) return undefined;
    const failure = failures[index]!;
    failure.remaining -= 1;
    if (failure.remaining <= 0) failures.splice(index, 1);
    return failure;
  }

  function pushExternalCommit(repoName: string, title = 'someone else'): void {
    const repo = repos.get(repoName);
    if (!repo) throw new Error(`No repo ${repoName}`);
    newCommit(repo, title, [], []);
  }

  function listTree(repo: FakeHubRepo, folder: string, isRecursive: boolean): unknown[] {
    const prefix = folder ? `${folder}/` : '';
    const entries = new Map<string, unknown>();
    for (const [path, file] of [...repo.files].sort(([left], [right]) => left.localeCompare(right))) {
      if (!path.startsWith(prefix)) continue;
      const rest = path.slice(prefix.length).split('/');
      for (let depth = 1; depth < rest.length; depth++) {
        if (!isRecursive && depth > 1) break;
        const directory = prefix + rest.slice(0, depth).join('/');
        entries.set(directory, { type: 'directory', oid: gitBlobOid(Buffer.from(directory)), size: 0, path: directory });
      }
      if (!isRecursive && rest.length > 1) continue;
      entries.set(path, {
        type: 'file',
        oid: file.gitOid,
        size: file.content.length,
        path,
        ...(file.isLfs ? { lfs: { oid: file.sha256, size: file.content.length, pointerSize: lfsPointer(file.sha256, file.content.length).length } } : {}),
      });
    }
    return [...entries.values()];
  }

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const requestUrl = new URL(request.url ?? '/', url);
    const method = request.method ?? 'GET';
    const path = decodeURIComponent(requestUrl.pathname);
    requests.push(`${method} ${requestUrl.pathname}${requestUrl.search}`);

    const uploadMatch = /^\/lfs-upload\/([0-9a-f]{64})$/.exec(path);
    if (!uploadMatch) {
      const authorization = request.headers.authorization ?? '';
      if (!authorization.startsWith('Bearer hf_')) {
        return sendJson(response, 401, { error: 'Invalid credentials in Authorization header' });
      }
    }

    const routeOf = (route: FakeHubRoute): boolean => {
      const failure = takeFailure(route);
      if (!failure) return false;
      if (failure.kind !== 'status') {
        request.socket.destroy();
        return true;
      }
      sendJson(response, failure.status, { error: `Scripted failure ${failure.status}` }, failure.status === 429 ? { 'Retry-After': '1' } : {});
      return true;
    };

    if (method === 'POST' && path === '/api/repos/create') {
      if (routeOf('create')) return;
      const body = JSON.parse((await readBody(request)).toString()) as { name: string; organization?: string; type?: string; visibility?: string };
      const name = `${body.organization}/${body.name}`;
      if (repos.has(name)) return sendJson(response, 409, { error: 'You already created this dataset repo' });
      const repo: FakeHubRepo = { name, type: body.type ?? 'model', isPrivate: body.visibility === 'private', files: new Map(), commits: [], head: '' };
      repos.set(name, repo);
      newCommit(repo, 'initial commit', [], []);
      return sendJson(response, 200, { url: `${url}/datasets/${name}`, id: randomBytes(12).toString('hex') });
    }

    const apiMatch = /^\/api\/datasets\/([^/]+\/[^/]+)(?:\/(revision|preupload|commit|tree)\/([^/]+)(\/.*)?)?$/.exec(path);
    if (apiMatch) {
      const [, name = '', action, , rest] = apiMatch;
      const repo = repos.get(name);
      if (!repo) return sendJson(response, 404, { error: 'Repository not found' }, { 'X-Error-Code': 'RepoNotFound' });
      if (method === 'GET' && (action === undefined || action === 'revision')) {
        if (routeOf('info')) return;
        return sendJson(response, 200, { _id: name, id: name, private: repo.isPrivate, sha: repo.head, downloads: 0, likes: 0, gated: false, lastModified: new Date().toISOString() });
      }
      if (method === 'POST' && action === 'preupload') {
        if (routeOf('preupload')) return;
        const body = JSON.parse((await readBody(request)).toString()) as { files: { path: string; size: number }[] };
        return sendJson(response, 200, {
          files: body.files.map((file) => ({
            path: file.path,
            uploadMode: file.path.endsWith('.parquet') || file.size >= lfsThresholdBytes ? 'lfs' : 'regular',
            shouldIgnore: false,
          })),
        });
      }
      if (method === 'POST' && action === 'commit') {
        if (routeOf('commit')) return;
        const lines = (await readBody(request)).toString().split('\n').filter(Boolean).map((line) => JSON.parse(line) as { key: string; value: Record<string, unknown> });
        const header = lines.find((line) => line.key === 'header')?.value ?? {};
        if (takeFailure('commit', ['stale-parent'])) pushExternalCommit(name);
        if (typeof header.parentCommit === 'string' && header.parentCommit !== repo.head) {
          return sendJson(response, 412, { error: 'A commit has happened since. Please refresh and try again.' });
        }
        const added: string[] = [];
        const deleted: string[] = [];
        for (const { key, value } of lines) {
          const filePath = String(value.path ?? '');
          if (key === 'file') {
            const content = Buffer.from(String(value.content), 'base64');
            repo.files.set(filePath, { content, isLfs: false, sha256: createHash('sha256').update(content).digest('hex'), gitOid: gitBlobOid(content) });
            added.push(filePath);
          } else if (key === 'lfsFile') {
            const oid = String(value.oid);
            const content = lfsObjects.get(oid);
            if (!content) return sendJson(response, 422, { error: `LFS object ${oid} was never uploaded` });
            repo.files.set(filePath, { content, isLfs: true, sha256: oid, gitOid: gitBlobOid(lfsPointer(oid, content.length)) });
            added.push(filePath);
          } else if (key === 'deletedFile') {
            if (!repo.files.delete(filePath)) return sendJson(response, 404, { error: `No file ${filePath} to delete` });
            deleted.push(filePath);
          }
        }
        const commit = newCommit(repo, String(header.summary ?? ''), added, deleted);
        return sendJson(response, 200, { commitOid: commit.oid, commitUrl: `${url}/datasets/${name}/commit/${commit.oid}` });
      }
      if (method === 'GET' && action === 'tree') {
        if (routeOf('tree')) return;
        const entries = listTree(repo, (rest ?? '').replace(/^\//, ''), requestUrl.searchParams.get('recursive') === 'true');
        const cursor = Number(requestUrl.searchParams.get('cursor') ?? '0');
        const page = entries.slice(cursor, cursor + treePageSize);
        const headers: Record<string, string> = {};
        if (cursor + treePageSize < entries.length) {
          const next = new URL(requestUrl);
          next.searchParams.set('cursor', String(cursor + treePageSize));
          headers.Link = `<${next.href}>; rel="next"`;
        }
        return sendJson(response, 200, page, headers);
      }
    }

    const batchMatch = /^\/datasets\/([^/]+\/[^/]+)\.git\/info\/lfs\/objects\/batch$/.exec(path);
    if (method === 'POST' && batchMatch) {
      if (routeOf('lfs-batch')) return;
      const body = JSON.parse((await readBody(request)).toString()) as { objects: { oid: string; size: number }[] };
      return sendJson(response, 200, {
        transfer: 'basic',
        objects: body.objects.map((object) => ({
          oid: object.oid,
          size: object.size,
          ...(lfsObjects.has(object.oid) ? {} : { actions: { upload: { href: `${url}/lfs-upload/${object.oid}`, header: {} } } }),
        })),
      }, { 'Content-Type': 'application/vnd.git-lfs+json' });
    }

    if (method === 'PUT' && uploadMatch) {
      const oid = uploadMatch[1]!;
      const failure = takeFailure('upload');
      if (failure?.kind === 'drop') {
        // Read a little, then hang up mid-upload.
        request.once('data', () => request.socket.destroy());
        return;
      }
      if (failure?.kind === 'status') return sendJson(response, failure.status, { error: `Scripted failure ${failure.status}` });
      const body = await readBody(request);
      const actual = createHash('sha256').update(body).digest('hex');
      if (actual !== oid) return sendJson(response, 400, { error: `sha256 mismatch: ${actual}` });
      lfsObjects.set(oid, body);
      uploadCounts.set(oid, (uploadCounts.get(oid) ?? 0) + 1);
      response.writeHead(200, { ETag: `"${oid}"` });
      return void response.end();
    }

    const resolveMatch = /^\/datasets\/([^/]+\/[^/]+)\/resolve\/([^/]+)\/(.+)$/.exec(path);
    if (method === 'GET' && resolveMatch) {
      if (routeOf('resolve')) return;
      const [, name = '', , filePath = ''] = resolveMatch;
      const repo = repos.get(name);
      if (!repo) return sendJson(response, 404, { error: 'Repository not found' }, { 'X-Error-Code': 'RepoNotFound' });
      const file = repo.files.get(filePath);
      if (!file) return sendJson(response, 404, { error: 'Entry not found' }, { 'X-Error-Code': 'EntryNotFound' });
      const etag = `"${file.isLfs ? file.sha256 : file.gitOid}"`;
      const range = /^bytes=(\d+)-(\d*)$/.exec(request.headers.range ?? '');
      if (range) {
        const start = Number(range[1]);
        const end = range[2] ? Math.min(Number(range[2]), file.content.length - 1) : file.content.length - 1;
        response.writeHead(206, {
          'Content-Type': 'application/octet-stream',
          'Content-Range': `bytes ${start}-${end}/${file.content.length}`,
          ETag: etag,
        });
        return void response.end(file.content.subarray(start, end + 1));
      }
      response.writeHead(200, { 'Content-Type': 'application/octet-stream', 'Content-Length': String(file.content.length), ETag: etag });
      return void response.end(file.content);
    }

    unknownRequests.push(`${method} ${requestUrl.pathname}`);
    sendJson(response, 404, { error: `Fake Hub has no route for ${method} ${requestUrl.pathname}` });
  }

  const server: Server = createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      if (!response.headersSent) sendJson(response, 500, { error: String(error) });
      else response.destroy();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    url,
    repos,
    uploadCounts,
    requests,
    unknownRequests,
    fail(failure) {
      failures.push({ ...failure, remaining: failure.times ?? 1 });
    },
    pushExternalCommit,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
