import { z } from 'zod';
import { fieldOfficeSchema, oriSchema, stateSchema } from '../../messages/schemas.ts';

export const roles = ['booking_officer', 'sib_operator', 'lesc_analyst', 'ero_officer', 'oversight_auditor', 'admin'] as const;
export type Role = (typeof roles)[number];

/** ICE ERO field offices (three-letter area codes, DESIGN.md). */
export const fieldOffices = ['ATL', 'BAL', 'BOS', 'BUF', 'CHI', 'DAL', 'DEN', 'DET', 'ELP', 'HOU', 'LOS', 'MIA', 'NEW', 'NOL', 'NYC', 'PHI', 'PHO', 'SEA', 'SFR', 'SLC', 'SNA', 'SND', 'SPM', 'WAS'] as const;

/** Who a credential speaks for: its role and the one jurisdiction the role is scoped to (if any). */
export type Principal =
  | { credentialId: string; role: 'booking_officer'; ori: string }
  | { credentialId: string; role: 'sib_operator'; state: string }
  | { credentialId: string; role: 'ero_officer'; fieldOffice: string }
  | { credentialId: string; role: 'lesc_analyst' | 'oversight_auditor' | 'admin' };

/** A credential request: the scope each role needs, and no other. */
export const credentialRequestSchema = z.discriminatedUnion('role', [
  z.strictObject({ role: z.literal('booking_officer'), ori: oriSchema }),
  z.strictObject({ role: z.literal('sib_operator'), state: stateSchema }),
  z.strictObject({ role: z.literal('ero_officer'), fieldOffice: z.enum(fieldOffices, { message: `must be one of ${fieldOffices.join(', ')}` }) }),
  z.strictObject({ role: z.enum(['lesc_analyst', 'oversight_auditor', 'admin']) }),
]);
export type CredentialRequest = z.infer<typeof credentialRequestSchema>;

/** The audit trail's name for a principal: role, scope and credential id. */
export function actorOf(p: Principal): string {
  const scope = 'ori' in p ? p.ori : 'state' in p ? p.state : 'fieldOffice' in p ? p.fieldOffice : '';
  return `${p.role}${scope ? `:${scope}` : ''}:${p.credentialId}`;
}

export { fieldOfficeSchema };
