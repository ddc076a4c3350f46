/** The hiddenPanels setting ("weights,reconstructions") as a list, and back. */
export const hiddenList = (setting: string): string[] => (setting ? setting.split(',') : []);

export const withHidden = (setting: string, name: string): string => [...new Set([...hiddenList(setting), name])].join(',');
