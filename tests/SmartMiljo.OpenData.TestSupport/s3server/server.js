// Starts s3rver on 127.0.0.1 and a free port, storing objects under the folder given as the first
// argument. Prints {"port":N} once listening and exits when its standard input closes, so the server
// never outlives the test process that started it.
//
// s3rver 3.7 implements multipart uploads but not AbortMultipartUpload or ListMultipartUploads, and
// ignores If-Match on GET; the middleware below adds these on top of its file store, so tests can check
// that a failed upload is aborted and leaves no parts behind, and that readers pin the version they opened.
'use strict';
const fs = require('fs/promises');
const path = require('path');
const S3rver = require('s3rver');

const directory = process.argv[2];
if (!directory) {
  console.error('usage: node server.js <storage-folder>');
  process.exit(2);
}

const server = new S3rver({ address: '127.0.0.1', port: 0, silent: true, directory });

function uploadsFolder(bucket) {
  return server.store.getResourcePath(bucket, undefined, 'uploads');
}

function xmlEscape(text) {
  return text.replace(/[<>&'"]/g, ch => `&#${ch.charCodeAt(0)};`);
}

async function abortMultipartUpload(ctx, bucket, uploadId) {
  if (!/^[A-Za-z0-9_-]+$/.test(uploadId)) ctx.throw(400, 'invalid upload id');
  const folder = path.join(uploadsFolder(bucket), uploadId);
  try {
    await fs.access(folder);
  } catch {
    ctx.status = 404;
    ctx.type = 'application/xml';
    ctx.body = '<?xml version="1.0" encoding="UTF-8"?><Error><Code>NoSuchUpload</Code>' +
      '<Message>The specified upload does not exist.</Message></Error>';
    return;
  }
  await fs.rm(folder, { recursive: true, force: true });
  ctx.status = 204;
}

async function listMultipartUploads(ctx, bucket) {
  let ids = [];
  try {
    ids = await fs.readdir(uploadsFolder(bucket));
  } catch {
    // no upload was ever started in this bucket
  }
  const uploads = await Promise.all(ids.map(async id => ({
    id,
    key: (await fs.readFile(path.join(uploadsFolder(bucket), id, 'key'))).toString(),
  })));
  ctx.type = 'application/xml';
  ctx.body = '<?xml version="1.0" encoding="UTF-8"?>' +
    '<ListMultipartUploadsResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/">' +
    `<Bucket>${xmlEscape(bucket)}</Bucket><IsTruncated>false</IsTruncated>` +
    uploads.map(u => `<Upload><Key>${xmlEscape(u.key)}</Key><UploadId>${xmlEscape(u.id)}</UploadId></Upload>`).join('') +
    '</ListMultipartUploadsResult>';
}

function preconditionFailed(ctx) {
  ctx.status = 412;
  ctx.type = 'application/xml';
  ctx.body = '<?xml version="1.0" encoding="UTF-8"?><Error><Code>PreconditionFailed</Code>' +
    '<Message>At least one of the pre-conditions you specified did not hold</Message></Error>';
}

async function currentETag(bucket, key) {
  try {
    return (await server.store.getMetadata(bucket, key)).etag;
  } catch {
    return undefined; // missing: s3rver answers 404 itself
  }
}

// Runs before s3rver's own middleware (Koa composes the list when the server starts listening).
server.middleware.unshift(async (ctx, next) => {
  const [bucket, ...key] = ctx.path.split('/').filter(s => s.length > 0).map(decodeURIComponent);
  if (ctx.method === 'DELETE' && bucket && key.length > 0 && ctx.query.uploadId) {
    return abortMultipartUpload(ctx, bucket, String(ctx.query.uploadId));
  }
  if (ctx.method === 'GET' && bucket && key.length === 0 && 'uploads' in ctx.query) {
    return listMultipartUploads(ctx, bucket);
  }
  const ifMatch = ctx.get('if-match');
  if ((ctx.method === 'GET' || ctx.method === 'HEAD') && bucket && key.length > 0 && ifMatch && !('uploadId' in ctx.query)) {
    const etag = await currentETag(bucket, key.join('/'));
    if (etag !== undefined && ifMatch !== '*' && ifMatch.replace(/"/g, '') !== etag.replace(/"/g, '')) {
      return preconditionFailed(ctx);
    }
  }
  return next();
});

server
  .run()
  .then(address => {
    process.stdout.write(JSON.stringify({ port: address.port }) + '\n');
  })
  .catch(error => {
    console.error(error);
    process.exit(1);
  });

process.stdin.on('end', () => process.exit(0));
process.stdin.resume();
