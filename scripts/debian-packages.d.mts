export interface DebianNeed {
  pkg: string;
  present(): boolean;
}
export function hasCommand(command: string): boolean;
export function isInstalled(pkg: string): boolean;
export function ensureDebianPackages(needs: DebianNeed[]): void;
