/**
 * Colour science: sRGB (D65) &lt;-&gt; CIE L*a*b* &lt;-&gt; luma gray, exact reference formulas and fast
 * table-driven kernels, in one class ({@link org.colorize.core.color.Lab}) that every module uses.
 */
package org.colorize.core.color;
