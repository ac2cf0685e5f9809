/**
 * A minimal SMTP server for tests: the happy path of RFC 5321 (EHLO, MAIL, RCPT, DATA, QUIT) over
 * plain TCP, keeping every message it receives. Enough for nodemailer's smtp:// client.
 */
import { once } from 'node:events';
import { createServer, type Socket } from 'node:net';

export interface ReceivedMail {
  from: string;
  to: string[];
  /** The message as sent: headers, a blank line, the body. */
  data: string;
}

export interface SmtpSink {
  url: string;
  /** Resolves with the next message (or one already received and not yet taken). */
  next(): Promise<ReceivedMail>;
  close(): Promise<void>;
}

export async function startSmtpSink(): Promise<SmtpSink> {
  const received: ReceivedMail[] = [];
  const waiting: ((mail: ReceivedMail) => void)[] = [];
  const deliver = (mail: ReceivedMail) => {
    const waiter = waiting.shift();
    if (waiter) waiter(mail);
    else received.push(mail);
  };
  const sockets = new Set<Socket>();
  const server = createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    serve(socket, deliver);
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `smtp://127.0.0.1:${port}`,
    next: () => {
      const mail = received.shift();
      return mail ? Promise.resolve(mail) : new Promise((resolve) => waiting.push(resolve));
    },
    close: async () => {
      for (const socket of sockets) socket.destroy();
      server.close();
      await once(server, 'close');
    },
  };
}

function serve(socket: Socket, deliver: (mail: ReceivedMail) => void): void {
  let buffer = '';
  let mail: ReceivedMail = { from: '', to: [], data: '' };
  let inData = false;
  const reply = (line: string) => socket.write(`${line}\r\n`);
  reply('220 sink ESMTP');
  socket.setEncoding('utf8');
  socket.on('data', (chunk: string) => {
    buffer += chunk;
    for (let end = buffer.indexOf('\r\n'); end >= 0; end = buffer.indexOf('\r\n')) {
      const line = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      if (inData) {
        if (line === '.') {
          inData = false;
          deliver(mail);
          mail = { from: '', to: [], data: '' };
          reply('250 queued');
        } else {
          mail.data += `${line.startsWith('..') ? line.slice(1) : line}\n`;
        }
        continue;
      }
      const address = /<([^>]*)>/.exec(line)?.[1] ?? '';
      switch (line.slice(0, 4).toUpperCase()) {
        case 'EHLO':
        case 'HELO':
          reply('250 sink');
          break;
        case 'MAIL':
          mail.from = address;
          reply('250 ok');
          break;
        case 'RCPT':
          mail.to.push(address);
          reply('250 ok');
          break;
        case 'DATA':
          inData = true;
          reply('354 end with .');
          break;
        case 'QUIT':
          reply('221 bye');
          socket.end();
          break;
        case 'RSET':
        case 'NOOP':
          reply('250 ok');
          break;
        default:
          reply('502 not implemented');
      }
    }
  });
}
