/** The description that marks the environment CloudFormation knows as "blue" (read by the swap guard at run time). */
export const BLUE_MARKER = 'ebkit blue/green: blue';
/** The description that marks the environment CloudFormation knows as "green". */
export const GREEN_MARKER = 'ebkit blue/green: green';
