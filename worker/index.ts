// The Worker's entry. Until the edge API lands (issue 5) it only reports that it is up and
// whether the snapshot bucket is bound, so `wrangler deploy --dry-run` and `wrangler dev`
// have a real entry to bundle and run.

interface Env {
  readonly SNAPSHOTS?: unknown;
}

export default {
  async fetch(request: Request, env: Env): Promise<Response> {
    const url = new URL(request.url);
    if (url.pathname === "/health")
      return Response.json({ ok: true, service: "technic", snapshotsBound: env.SNAPSHOTS !== undefined });
    return Response.json(
      { error: { code: "not_found", message: `no route for ${request.method} ${url.pathname}`, details: null } },
      { status: 404 },
    );
  },
};
