import { Transform, Type } from 'class-transformer';
import { ArrayMinSize, IsBoolean, IsIn, IsInt, IsOptional, IsString, Matches, Max, Min, MinLength, registerDecorator, ValidateIf, type ValidationArguments } from 'class-validator';
import { toBoolean, toList } from './config-transforms.js';
import type { ContextName } from './contexts.js';
import { PlatformSettings } from './platform.settings.js';

export const TRANSPORT_KINDS = ['local', 'nats', 'tcp'] as const;
/** How a context is reached: in this process, or as its own app over NATS or TCP. */
export type TransportKind = (typeof TRANSPORT_KINDS)[number];

/** Default TCP ports of the contexts, when served over TCP. */
export const DEFAULT_TCP_PORTS: Record<ContextName, number> = { auth: 4101, todos: 4102, ai: 4103 };

export interface TcpAddress {
  host: string;
  port: number;
}

/** A PEM block of the given kind, e.g. a certificate; never an encrypted one (no passphrase setting). */
const PEM = (kind: string): RegExp => new RegExp(`-----BEGIN (?!ENCRYPTED )[A-Z ]*${kind}-----`);

/** TLS on the TCP transport: what callers trust, and what a context app presents. */
export interface TcpTlsSettings {
  ca?: string;
  cert?: string;
  key?: string;
}

const anyRemote = (settings: TransportSettings): boolean =>
  [settings.AUTH_TRANSPORT, settings.TODOS_TRANSPORT, settings.AI_TRANSPORT].some((kind) => kind !== 'local');

/**
 * Where each context runs — the strangler-fig switch. Moving a context out of the process is a
 * change of these variables only; see docs/extracting-a-context.md.
 */
export class TransportSettings extends PlatformSettings {
  @IsIn(TRANSPORT_KINDS)
  AUTH_TRANSPORT: TransportKind = 'local';

  @IsIn(TRANSPORT_KINDS)
  TODOS_TRANSPORT: TransportKind = 'local';

  @IsIn(TRANSPORT_KINDS)
  AI_TRANSPORT: TransportKind = 'local';

  @Matches(/^(nats|tls):\/\/\S+$/, { message: 'NATS_URL must be a nats:// or tls:// URL' })
  NATS_URL = 'nats://127.0.0.1:4222';

  /**
   * Prepended to every NATS subject (and queue group), e.g. `staging.`: deployments with
   * different prefixes share one NATS server without answering each other's messages.
   */
  @Matches(/^([A-Za-z0-9_-]+\.)*$/, { message: 'NATS_SUBJECT_PREFIX must be empty or dot-terminated tokens such as "staging." or "eu.prod."' })
  NATS_SUBJECT_PREFIX = '';

  @IsString()
  AUTH_TCP_HOST = '127.0.0.1';

  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(65535)
  AUTH_TCP_PORT = DEFAULT_TCP_PORTS.auth;

  @IsString()
  TODOS_TCP_HOST = '127.0.0.1';

  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(65535)
  TODOS_TCP_PORT = DEFAULT_TCP_PORTS.todos;

  @IsString()
  AI_TCP_HOST = '127.0.0.1';

  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(65535)
  AI_TCP_PORT = DEFAULT_TCP_PORTS.ai;

  /**
   * Shared secrets that sign every message between apps (HMAC-SHA256). The first signs; all are
   * accepted, so a secret is rotated by prepending the new one, deploying, then dropping the old.
   * Required as soon as any context is remote.
   */
  @Transform(toList)
  @ValidateIf(anyRemote)
  @ArrayMinSize(1, { message: 'SERVICE_SECRETS is required when a context is remote (a *_TRANSPORT is nats or tcp)' })
  @MinLength(32, { each: true, message: 'SERVICE_SECRETS entries must be at least 32 characters' })
  SERVICE_SECRETS: string[] = [];

  /**
   * TLS on every TCP connection between apps (both sides): messages are signed either way, TLS
   * keeps them — passwords and tokens included — from being read on the network.
   */
  @Transform(toBoolean)
  @IsBoolean()
  TCP_TLS = false;

  /** PEM certificate(s) callers trust for the context apps' certificates; unset: the system CAs. */
  @IsOptional()
  @Matches(PEM('CERTIFICATE'), { message: 'TCP_TLS_CA must hold PEM certificates' })
  TCP_TLS_CA?: string;

  /** PEM certificate (chain) an app serving a context over TCP presents; with TCP_TLS_KEY. */
  @ValidateIf((settings: TransportSettings) => settings.TCP_TLS_CERT !== undefined || settings.TCP_TLS_KEY !== undefined)
  @Matches(PEM('CERTIFICATE'), { message: 'TCP_TLS_CERT must be a PEM certificate, given together with TCP_TLS_KEY' })
  TCP_TLS_CERT?: string;

  /** The PEM private key of TCP_TLS_CERT (usually TCP_TLS_KEY_FILE). */
  @ValidateIf((settings: TransportSettings) => settings.TCP_TLS_CERT !== undefined || settings.TCP_TLS_KEY !== undefined)
  @Matches(PEM('PRIVATE KEY'), { message: 'TCP_TLS_KEY must be an unencrypted PEM private key, given together with TCP_TLS_CERT' })
  TCP_TLS_KEY?: string;

  /**
   * Connections an app serving a context over TCP accepts at once (further ones are closed at
   * once): every caller instance holds one per context it calls, strangers none.
   */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  TCP_MAX_CONNECTIONS = 64;

  /** Upper bound of one remote facade call; past it the edge answers 504. */
  @Type(() => Number)
  @IsInt()
  @Min(50)
  REMOTE_CALL_TIMEOUT_MS = 5000;

  /** The transport configured for a context. */
  transportFor(context: ContextName): TransportKind {
    return { auth: this.AUTH_TRANSPORT, todos: this.TODOS_TRANSPORT, ai: this.AI_TRANSPORT }[context];
  }

  /** TLS material for TCP connections, or undefined when TCP_TLS is off. */
  tcpTls(): TcpTlsSettings | undefined {
    return this.TCP_TLS ? { ca: this.TCP_TLS_CA, cert: this.TCP_TLS_CERT, key: this.TCP_TLS_KEY } : undefined;
  }

  /** Where a context listens (its app) or is reached (its callers) over TCP. */
  tcpAddressFor(context: ContextName): TcpAddress {
    return {
      auth: { host: this.AUTH_TCP_HOST, port: this.AUTH_TCP_PORT },
      todos: { host: this.TODOS_TCP_HOST, port: this.TODOS_TCP_PORT },
      ai: { host: this.AI_TCP_HOST, port: this.AI_TCP_PORT },
    }[context];
  }
}

/**
 * TLS material without TCP_TLS=true would be ignored, and the traffic it was meant to protect
 * sent in clear: refused, with the way out. Registered on TCP_TLS, the key that decides.
 */
registerDecorator({
  name: 'tlsMaterialNeedsTcpTls',
  target: TransportSettings,
  propertyName: 'TCP_TLS',
  validator: {
    validate: (tls: unknown, args: ValidationArguments): boolean => {
      const { TCP_TLS_CA, TCP_TLS_CERT, TCP_TLS_KEY } = args.object as TransportSettings;
      return tls === true || [TCP_TLS_CA, TCP_TLS_CERT, TCP_TLS_KEY].every((value) => value === undefined);
    },
    defaultMessage: () => 'TCP_TLS_CA, TCP_TLS_CERT and TCP_TLS_KEY take effect only with TCP_TLS=true: set it, or remove them (TCP traffic would go unencrypted)',
  },
});
