package org.colorize.training.eval;

/**
 * The CIEDE2000 colour difference (CIE 142-2001) between two CIE L*a*b* colours, with the parametric
 * factors kL = kC = kH = 1, implemented as in Sharma, Wu &amp; Dalal (2005), "The CIEDE2000
 * color-difference formula: implementation notes, supplementary test data, and mathematical
 * observations" (the tests check it against all their published pairs, including the hue-angle
 * wrap-around cases).
 *
 * <pre>{@code
 * double de = Ciede2000.difference(50, 2.5, 0, 73, 25, -18);   // 27.1492
 * }</pre>
 *
 * <p>A difference of about 1 is the smallest one a viewer notices side by side; above about 5 the
 * colours look different at a glance.
 */
public final class Ciede2000 {

    private static final double POW25_7 = Math.pow(25, 7);
    private static final double DEG = 180 / Math.PI;
    private static final double RAD = Math.PI / 180;

    private Ciede2000() {
    }

    /**
     * The CIEDE2000 difference of two Lab colours.
     *
     * @param l1 L* of the first colour, in [0,100]
     * @param a1 a* of the first colour
     * @param b1 b* of the first colour
     * @param l2 L* of the second colour, in [0,100]
     * @param a2 a* of the second colour
     * @param b2 b* of the second colour
     * @return ΔE00 &gt;= 0, symmetric in its two colours, 0 for equal colours
     */
    public static double difference(double l1, double a1, double b1, double l2, double a2, double b2) {
        double c1 = Math.sqrt(a1 * a1 + b1 * b1);
        double c2 = Math.sqrt(a2 * a2 + b2 * b2);
        double cBar = 0.5 * (c1 + c2);
        double cBar7 = pow7(cBar);
        double g = 0.5 * (1 - Math.sqrt(cBar7 / (cBar7 + POW25_7)));
        double ap1 = (1 + g) * a1, ap2 = (1 + g) * a2;
        double cp1 = Math.sqrt(ap1 * ap1 + b1 * b1);
        double cp2 = Math.sqrt(ap2 * ap2 + b2 * b2);
        double hp1 = hueDegrees(b1, ap1);
        double hp2 = hueDegrees(b2, ap2);

        double dL = l2 - l1;
        double dC = cp2 - cp1;
        double cProduct = cp1 * cp2;
        double dh;
        if (cProduct == 0) {
            dh = 0;
        } else {
            dh = hp2 - hp1;
            if (dh > 180) {
                dh -= 360;
            } else if (dh < -180) {
                dh += 360;
            }
        }
        double dH = 2 * Math.sqrt(cProduct) * Math.sin(0.5 * dh * RAD);

        double lBar = 0.5 * (l1 + l2);
        double cpBar = 0.5 * (cp1 + cp2);
        double hBar;
        if (cProduct == 0) {
            hBar = hp1 + hp2;
        } else if (Math.abs(hp1 - hp2) <= 180) {
            hBar = 0.5 * (hp1 + hp2);
        } else if (hp1 + hp2 < 360) {
            hBar = 0.5 * (hp1 + hp2 + 360);
        } else {
            hBar = 0.5 * (hp1 + hp2 - 360);
        }
        double t = 1 - 0.17 * Math.cos((hBar - 30) * RAD) + 0.24 * Math.cos(2 * hBar * RAD)
                + 0.32 * Math.cos((3 * hBar + 6) * RAD) - 0.20 * Math.cos((4 * hBar - 63) * RAD);
        double dTheta = 30 * Math.exp(-sq((hBar - 275) / 25));
        double cpBar7 = pow7(cpBar);
        double rc = 2 * Math.sqrt(cpBar7 / (cpBar7 + POW25_7));
        double lb50 = sq(lBar - 50);
        double sl = 1 + 0.015 * lb50 / Math.sqrt(20 + lb50);
        double sc = 1 + 0.045 * cpBar;
        double sh = 1 + 0.015 * cpBar * t;
        double rt = -Math.sin(2 * dTheta * RAD) * rc;
        double tl = dL / sl, tc = dC / sc, th = dH / sh;
        return Math.sqrt(Math.max(0, tl * tl + tc * tc + th * th + rt * tc * th));
    }

    /** Hue angle in degrees in [0, 360); 0 for a = b = 0. */
    private static double hueDegrees(double b, double ap) {
        if (b == 0 && ap == 0) {
            return 0;
        }
        double h = Math.atan2(b, ap) * DEG;
        return h < 0 ? h + 360 : h;
    }

    private static double pow7(double x) {
        double x2 = x * x;
        return x2 * x2 * x2 * x;
    }

    private static double sq(double x) {
        return x * x;
    }
}
