import { CheckpointError, shortJson } from './error.js';
import { MAX_DIFFERENCES, type Certificate, type ReferenceCheck } from '../compile/certificate.js';
import type { CompiledRule } from '../compile/compile.js';
import { WEIGHTS_HASH_PATTERN } from '../model/weights-hash.js';
import type { SeadModel } from '../model/model.js';

/**
 * The certificate a checkpoint carries, read field by field from its JSON. `fail` throws, naming
 * the checkpoint; the result holds exactly the certificate's fields.
 */
export function readCertificate(json: unknown, fail: (what: string) => never): Certificate {
  const object = (value: unknown, where: string) => {
    if (value === null || typeof value !== 'object' || Array.isArray(value)) fail(`${where} is not an object`);
    return value as Record<string, unknown>;
  };
  const integer = (value: unknown, where: string, min: number) => {
    if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < min) fail(`${where} must be an integer of at least ${min}, got ${shortJson(value)}`);
    return value as number;
  };
  const boolean = (value: unknown, where: string) => {
    if (typeof value !== 'boolean') fail(`${where} must be true or false, got ${shortJson(value)}`);
    return value as boolean;
  };
  const integers = (value: unknown, where: string) => {
    if (!Array.isArray(value) || value.length > 1024) fail(`${where} must be a list of integers, got ${shortJson(value)}`);
    return (value as unknown[]).map((v, i) => integer(v, `${where}[${i}]`, -1));
  };
  const c = object(json, 'certificate');
  if (typeof c.weightsHash !== 'string' || !WEIGHTS_HASH_PATTERN.test(c.weightsHash)) fail(`certificate.weightsHash must be "fnv1a64:" and 16 hexadecimal digits, got ${shortJson(c.weightsHash)}`);
  if (typeof c.minMargin !== 'number' || !Number.isFinite(c.minMargin)) fail(`certificate.minMargin must be a finite number, got ${shortJson(c.minMargin)}`);
  let reference: ReferenceCheck | null = null;
  if (c.reference !== null) {
    const r = object(c.reference, 'certificate.reference');
    if (!Array.isArray(r.differences) || r.differences.length > MAX_DIFFERENCES) fail(`certificate.reference.differences must be a list of at most ${MAX_DIFFERENCES}, got ${shortJson(r.differences)}`);
    const differences = (r.differences as unknown[]).map((d, i) => {
      const m = object(d, `certificate.reference.differences[${i}]`);
      return {
        tokens: integers(m.tokens, `certificate.reference.differences[${i}].tokens`),
        states: integers(m.states, `certificate.reference.differences[${i}].states`),
        network: integer(m.network, `certificate.reference.differences[${i}].network`, 0),
        reference: integer(m.reference, `certificate.reference.differences[${i}].reference`, 0),
      };
    });
    reference = {
      exact: boolean(r.exact, 'certificate.reference.exact'),
      mismatches: integer(r.mismatches, 'certificate.reference.mismatches', 0),
      differences,
      unreachableMismatches: integer(r.unreachableMismatches, 'certificate.reference.unreachableMismatches', 0),
      // Certificates written before it was counted: an exact one has none.
      settledMismatches: r.settledMismatches === undefined && r.exact === true ? 0 : integer(r.settledMismatches, 'certificate.reference.settledMismatches', 0),
      // Certificates written before they were looked for: none.
      relabelling: r.relabelling === undefined || r.relabelling === null ? null : integers(r.relabelling, 'certificate.reference.relabelling'),
      restsAgree: r.restsAgree === undefined || r.restsAgree === null ? null : boolean(r.restsAgree, 'certificate.reference.restsAgree'),
      maxChanges: r.maxChanges === undefined || r.maxChanges === null ? null : integer(r.maxChanges, 'certificate.reference.maxChanges', 0),
    };
  }
  return {
    weightsHash: c.weightsHash as string,
    neighbourhoods: integer(c.neighbourhoods, 'certificate.neighbourhoods', 1),
    minMargin: c.minMargin as number,
    tableEqualsNetwork: boolean(c.tableEqualsNetwork, 'certificate.tableEqualsNetwork'),
    reachable: integer(c.reachable, 'certificate.reachable', 1),
    reference,
  };
}

/** A certificate as plain data, for JSON: reading it computes what has not been (the reachable neighbourhoods, the reference check). */
export function plainCertificate(certificate: Certificate): Certificate {
  const { weightsHash, neighbourhoods, minMargin, tableEqualsNetwork, reachable, reference } = certificate;
  return { weightsHash, neighbourhoods, minMargin, tableEqualsNetwork, reachable, reference };
}

/** What a model loaded from a checkpoint was certified to be, and the file that says so. */
interface Claim {
  readonly certificate: Certificate;
  readonly source: string;
}

const claims = new WeakMap<SeadModel, Claim>();

/** Records the certificate that `model`'s checkpoint (`source`) carries, for `checkClaim`. */
export function claimCertificate(model: SeadModel, certificate: Certificate, source: string): void {
  claims.set(model, { certificate, source });
}

/**
 * The freshly compiled rule, after holding the certificate the model's checkpoint claims to it:
 * the table's own facts at once, the comparison with the task's reference rule when that is first
 * computed (it stays lazy: running a model never needs it). A claim about other weights says
 * nothing about these (the model was trained further, or loaded with `allowEdited`) and is not
 * checked. A claim that differs is a CheckpointError naming the file and what differs.
 */
export function checkClaim(model: SeadModel, rule: CompiledRule): CompiledRule {
  const claim = claims.get(model);
  if (!claim || claim.certificate.weightsHash !== rule.certificate.weightsHash) return rule;
  const claimed = claim.certificate;
  const fresh = rule.certificate;
  const fail = (what: string): never => {
    throw new CheckpointError(`checkpoint ${claim.source}: the certificate claims ${what}: edited or corrupted`);
  };
  if (claimed.neighbourhoods !== fresh.neighbourhoods) fail(`${claimed.neighbourhoods} neighbourhoods, the weights' table has ${fresh.neighbourhoods}`);
  if (claimed.minMargin !== fresh.minMargin) fail(`a smallest logit margin of ${claimed.minMargin}, the weights' is ${fresh.minMargin}`);
  if (claimed.tableEqualsNetwork !== fresh.tableEqualsNetwork) {
    fail(claimed.tableEqualsNetwork ? 'the table equals the network, the weights\' margin is too thin for that' : 'the table may differ from the network, the weights\' margin says it cannot');
  }
  let held = false;
  let reachableHeld = false;
  const certificate: Certificate = {
    weightsHash: fresh.weightsHash,
    neighbourhoods: fresh.neighbourhoods,
    minMargin: fresh.minMargin,
    tableEqualsNetwork: fresh.tableEqualsNetwork,
    get reachable() {
      const computed = fresh.reachable;
      if (!reachableHeld && claimed.reachable !== computed) fail(`${claimed.reachable} reachable neighbourhoods, the weights' table reaches ${computed}`);
      reachableHeld = true;
      return computed;
    },
    get reference() {
      const computed = fresh.reference;
      if (!held) {
        // A task that gained or lost its reference rule since leaves nothing to compare.
        if (claimed.reference && computed) holdReference(claimed.reference, computed, fail);
        held = true;
      }
      return computed;
    },
  };
  return { ...rule, certificate };
}

function holdReference(claimed: ReferenceCheck, computed: ReferenceCheck, fail: (what: string) => never): void {
  const differ = (n: number) => `${n} neighbourhood${n === 1 ? '' : 's'}`;
  if (claimed.exact && !computed.exact) fail(`exact, the weights are not (their rule differs from the reference on ${differ(computed.mismatches)})`);
  if (!claimed.exact && computed.exact) fail(`that the rule differs from the reference on ${differ(claimed.mismatches)}, the weights' rule equals it`);
  if (claimed.mismatches !== computed.mismatches) fail(`that the rule differs from the reference on ${differ(claimed.mismatches)}, the weights' on ${differ(computed.mismatches)}`);
  if (claimed.unreachableMismatches !== computed.unreachableMismatches) {
    fail(`that the rule differs from the reference on ${differ(claimed.unreachableMismatches)} no run meets, the weights' on ${differ(computed.unreachableMismatches)}`);
  }
  if (claimed.settledMismatches !== computed.settledMismatches) {
    fail(`that the rule comes to rest where the reference does not on ${differ(claimed.settledMismatches)}, the weights' on ${differ(computed.settledMismatches)}`);
  }
  if (JSON.stringify(claimed.differences) !== JSON.stringify(computed.differences)) fail('other differences from the reference than the weights have');
  // An equivalence is a claim only where one is made: a certificate written before they were
  // looked for says nothing of them (null), and saying less than the weights allow misleads no one.
  if (claimed.relabelling !== null && JSON.stringify(claimed.relabelling) !== JSON.stringify(computed.relabelling)) {
    fail(`that renaming symbols by [${claimed.relabelling.join(', ')}] makes the rule the reference's, the weights' ${computed.relabelling ? `by [${computed.relabelling.join(', ')}]` : 'by none'}`);
  }
  if (claimed.restsAgree !== null && claimed.restsAgree !== computed.restsAgree) {
    fail(`that its resting lattices ${restsText(claimed.restsAgree)}, the weights' ${restsText(computed.restsAgree)}`);
  }
  if (claimed.maxChanges !== null && claimed.maxChanges !== computed.maxChanges) {
    fail(`that a cell changes at most ${claimed.maxChanges} times, the weights' ${computed.maxChanges === null ? 'are not bounded' : `at most ${computed.maxChanges}`}`);
  }
}

function restsText(agree: boolean | null): string {
  return agree === null ? 'were not compared' : agree ? 'are the reference\'s' : 'may differ from the reference\'s';
}
