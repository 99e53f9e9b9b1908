import { Transform, Type } from 'class-transformer';
import { IsBoolean, IsDefined, IsIn, IsInt, IsOptional, IsString, Matches, Max, Min, MinLength, registerDecorator, Validate, ValidateIf, ValidatorConstraint, type ValidationArguments, type ValidatorConstraintInterface } from 'class-validator';
import { isPublicKeyEntry, PUBLIC_KEY_ENTRY, parsePrivateKeys } from '../transport/service-keys.js';
import { onAppsRegistered, registeredAppsIfAny } from '../contracts/app-registry.js';
import { appNamesOf, type ContextDescriptor } from '../contracts/context-descriptor.js';
import { toBoolean, toWords } from './config-transforms.js';
import { PlatformSettings } from './platform.settings.js';

export const TRANSPORT_KINDS = ['local', 'nats', 'tcp'] as const;
/** How a context is reached: in this process, or as its own app over NATS or TCP. */
export type TransportKind = (typeof TRANSPORT_KINDS)[number];

/** The settings one context adds: where it runs, and its TCP address (see declareContextTransports). */
interface ContextTransportKeys {
  transport: string;
  host: string;
  port: string;
  defaultPort: number;
}

/** The contexts declared so far, by name. */
const declared = new Map<string, ContextTransportKeys>();

/** `<CONTEXT>` upper-cased: the prefix of a context's settings. */
const settingsPrefix = (context: string): string => context.toUpperCase();

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

/** PEM text holding X25519 private keys only (see parsePrivateKeys). */
@ValidatorConstraint({ name: 'x25519PrivateKeys' })
class X25519PrivateKeys implements ValidatorConstraintInterface {
  private problem = '';

  validate(value: unknown): boolean {
    // A missing key is IsDefined's to report.
    if (value === undefined) return true;
    try {
      if (typeof value !== 'string') throw new Error('it must be PEM text');
      parsePrivateKeys(value);
      return true;
    } catch (error) {
      this.problem = error instanceof Error ? error.message : String(error);
      return false;
    }
  }

  defaultMessage(): string {
    return `SERVICE_PRIVATE_KEYS must hold PEM X25519 private keys: ${this.problem}`;
  }
}

/** The registered apps' names; before any registration (tools without the apps), any app name. */
function knownAppNames(): string[] | undefined {
  const apps = registeredAppsIfAny();
  return apps && appNamesOf(apps);
}

/** SERVICE_PUBLIC_KEYS entries: `<app>:<X25519 public key>`, each app a registered one. */
@ValidatorConstraint({ name: 'servicePublicKeyEntries' })
class ServicePublicKeyEntries implements ValidatorConstraintInterface {
  validate(entries: unknown): boolean {
    const apps = knownAppNames();
    return Array.isArray(entries) && entries.every((entry) => (apps ? isPublicKeyEntry(entry, apps) : typeof entry === 'string' && PUBLIC_KEY_ENTRY.test(entry)));
  }

  defaultMessage(): string {
    const apps = knownAppNames();
    return `SERVICE_PUBLIC_KEYS entries must be <app>:<X25519 public key>, the app ${apps ? `one of ${apps.join(', ')}` : 'a name'} and the key the base64 line \`openssl pkey -pubout\` prints`;
  }
}

const anyRemote = (settings: TransportSettings): boolean => settings.remoteContexts().length > 0;

/**
 * Where each context runs — the strangler-fig switch. Moving a context out of the process is a
 * change of these variables only; see docs/extracting-a-context.md.
 */
export class TransportSettings extends PlatformSettings {
  constructor() {
    super();
    // The declared contexts' defaults, as field initialisers would set them.
    for (const keys of declared.values()) Object.assign(this, { [keys.transport]: 'local', [keys.host]: '127.0.0.1', [keys.port]: keys.defaultPort });
  }

  @Matches(/^(nats|tls):\/\/\S+$/, { message: 'NATS_URL must be a nats:// or tls:// URL' })
  NATS_URL = 'nats://127.0.0.1:4222';

  /**
   * Prepended to every NATS subject (and queue group), e.g. `staging.`: deployments with
   * different prefixes share one NATS server without answering each other's messages.
   */
  @Matches(/^([A-Za-z0-9_-]+\.)*$/, { message: 'NATS_SUBJECT_PREFIX must be empty or dot-terminated tokens such as "staging." or "eu.prod."' })
  NATS_SUBJECT_PREFIX = '';

  /**
   * The NATS user this app connects as, when the server has users (deploy/nats: one per app,
   * each allowed only the subjects that app serves and calls).
   */
  @IsOptional()
  @Matches(/^[A-Za-z0-9_-]+$/, { message: 'NATS_USER must be a user name such as "gateway"' })
  NATS_USER?: string;

  /** The NATS user's password (usually NATS_PASSWORD_FILE); required with NATS_USER. */
  @ValidateIf((settings: TransportSettings) => settings.NATS_USER !== undefined || settings.NATS_PASSWORD !== undefined)
  @IsString({ message: 'NATS_PASSWORD is required with NATS_USER' })
  @MinLength(1, { message: 'NATS_PASSWORD is required with NATS_USER' })
  NATS_PASSWORD?: string;

  /**
   * PEM text of this app's X25519 private key(s), usually `SERVICE_PRIVATE_KEYS_FILE`. With the
   * other apps' public keys (SERVICE_PUBLIC_KEYS) it makes a key per pair of apps that
   * authenticates every message between them. The first key is used for what this app sends;
   * all are accepted (rotation). Required as soon as any context is remote.
   */
  @ValidateIf((settings: TransportSettings) => anyRemote(settings) || settings.SERVICE_PRIVATE_KEYS !== undefined)
  @IsDefined({ message: 'SERVICE_PRIVATE_KEYS is required when a context is remote (a *_TRANSPORT is nats or tcp); it replaces SERVICE_SECRETS' })
  @Validate(X25519PrivateKeys)
  SERVICE_PRIVATE_KEYS?: string;

  /**
   * The apps' public keys, `<app>:<key>` separated by commas or whitespace; several for one app
   * during a rotation, the first being the one messages to it use.
   */
  @Transform(toWords)
  @Validate(ServicePublicKeyEntries)
  SERVICE_PUBLIC_KEYS: string[] = [];

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
  transportFor(context: string): TransportKind {
    return this.setting<TransportKind>(context, 'transport');
  }

  /** The registered contexts that run outside this process (transport `nats` or `tcp`). */
  remoteContexts(): string[] {
    return [...declared.keys()].filter((context) => this.setting<TransportKind>(context, 'transport') !== 'local');
  }

  /** TLS material for TCP connections, or undefined when TCP_TLS is off. */
  tcpTls(): TcpTlsSettings | undefined {
    return this.TCP_TLS ? { ca: this.TCP_TLS_CA, cert: this.TCP_TLS_CERT, key: this.TCP_TLS_KEY } : undefined;
  }

  /** Where a context listens (its app) or is reached (its callers) over TCP. */
  tcpAddressFor(context: string): TcpAddress {
    return { host: this.setting<string>(context, 'host'), port: this.setting<number>(context, 'port') };
  }

  /** One of a context's own settings; throws for a context nobody registered. */
  private setting<T>(context: string, which: 'transport' | 'host' | 'port'): T {
    const keys = declared.get(context);
    if (!keys) throw new Error(`Unknown context "${context}": not among the registered apps (registerApps)`);
    return (this as unknown as Record<string, T>)[keys[which]];
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

/**
 * Declares the settings of each context not declared yet, with the same rules a decorated field
 * gets: `<CTX>_TRANSPORT` (local, nats or tcp; default local), `<CTX>_TCP_HOST` (default
 * 127.0.0.1) and `<CTX>_TCP_PORT` (1–65535; default the descriptor's port). Validated with
 * every other key, once, at start-up (loadConfig).
 */
export function declareContextTransports(contexts: readonly Pick<ContextDescriptor, 'name' | 'defaultTcpPort'>[]): void {
  const prototype = TransportSettings.prototype;
  for (const { name, defaultTcpPort } of contexts) {
    if (declared.has(name)) continue;
    const prefix = settingsPrefix(name);
    const keys = { transport: `${prefix}_TRANSPORT`, host: `${prefix}_TCP_HOST`, port: `${prefix}_TCP_PORT`, defaultPort: defaultTcpPort };
    IsIn(TRANSPORT_KINDS)(prototype, keys.transport);
    IsString()(prototype, keys.host);
    for (const decorate of [Type(() => Number), IsInt(), Min(1), Max(65535)]) decorate(prototype, keys.port);
    declared.set(name, keys);
  }
}

onAppsRegistered((apps) => declareContextTransports(apps.contexts));
